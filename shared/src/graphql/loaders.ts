// Per-request DataLoaders (one set per request, never shared: a shared cache would leak one caller's
// data to another). Every table carries `customerId`, so one generic batch query serves each list.
import DataLoader from 'dataloader';

// Prisma's delegates are generic per model; this is the one method the loaders need of them.
interface FindMany<Row> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  findMany(args: any): PromiseLike<Row[]>;
}

/** Rows grouped by a key column, e.g. all meetings of each customer: one query for the whole batch (`perLevel`: see rowLoader). */
export function listLoader<Row extends Record<string, unknown>>(
  model: FindMany<Row>, keyColumn = 'customerId', orderBy?: unknown, perLevel = false,
): DataLoader<string, Row[]> {
  return new DataLoader(async (keys) => {
    const rows = await model.findMany({ where: { [keyColumn]: { in: [...keys] } }, orderBy });
    const byKey = new Map<string, Row[]>(keys.map((k) => [k, []]));
    for (const row of rows) byKey.get(row[keyColumn] as string)?.push(row);
    return keys.map((k) => byKey.get(k)!);
  }, { cache: !perLevel });
}

/**
 * One row (or null) per key, e.g. a customer's employment plan. `perLevel` turns off the loader's cache
 * for rows referenced from several depths of a query (e.g. employer customers named by offers and by
 * coaching placements): each depth then costs exactly one query whatever rows earlier depths fetched,
 * so the number of queries depends only on the query's shape, never on the data or its size.
 */
export function rowLoader<Row extends Record<string, unknown>>(model: FindMany<Row>, keyColumn = 'customerId', perLevel = false): DataLoader<string, Row | null> {
  return new DataLoader(async (keys) => {
    const rows = await model.findMany({ where: { [keyColumn]: { in: [...keys] } } });
    const byKey = new Map(rows.map((row) => [row[keyColumn] as string, row]));
    return keys.map((k) => byKey.get(k) ?? null);
  }, { cache: !perLevel });
}
