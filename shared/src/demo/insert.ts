// Bulk insert for the demo seeds: createMany in chunks, so one statement never carries too many parameters.
const CHUNK = 2000;

export async function insertInChunks<T>(model: { createMany(args: { data: T[] }): PromiseLike<unknown> }, rows: T[]) {
  for (let i = 0; i < rows.length; i += CHUNK) await model.createMany({ data: rows.slice(i, i + CHUNK) });
}
