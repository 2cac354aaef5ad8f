// How each register answers "in which municipality does this customer live?" for the area rule
// (../law/areas.ts; ../law/rules.ts jointServiceOfCustomersArea): from its own data, one batched query
// per request. The joint register reads its customers' home municipality (381/2023 § 11 (1)); the three
// authorities' registers keep it in their CustomerHomeMunicipality table.
import { demoPopulation } from '../demo/population';
import { insertInChunks } from '../demo/insert';
import type { MunicipalityBatchLoader } from './request-law';

interface HomeMunicipalityModel {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  findMany(args: any): PromiseLike<{ customerId: string; municipality: string }[]>;
  count(): PromiseLike<number>;
  createMany(args: { data: { customerId: string; municipality: string }[] }): PromiseLike<unknown>;
}

/** The home municipalities of a batch of customers (null for a customer the register does not keep). */
export function homeMunicipalitiesFrom(model: Pick<HomeMunicipalityModel, 'findMany'>): MunicipalityBatchLoader {
  return async (customerIds) => {
    const rows = await model.findMany({ where: { customerId: { in: [...customerIds] } }, select: { customerId: true, municipality: true } });
    const byId = new Map(rows.map((row) => [row.customerId, row.municipality]));
    return customerIds.map((id) => byId.get(id) ?? null);
  };
}

/**
 * Demo data: the home municipality of every demo customer, once (also into a register seeded before the
 * table existed, so that its officials see their customers again).
 */
export async function seedHomeMunicipalities(model: HomeMunicipalityModel): Promise<void> {
  if ((await model.count()) > 0) return;
  await insertInChunks(model, demoPopulation().map((c) => ({ customerId: c.id, municipality: c.homeMunicipality })));
}
