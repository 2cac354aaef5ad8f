// A caseload page of 500 needs an official with 500 customers; the demo data gives each about 112. The
// benchmark makes its caller the responsible employment official of more customers of the same
// cooperation area (as `assignResponsibleOfficial` would: several officials per authority are allowed),
// with one SQL statement on the joint register's database while its system is stopped (PGlite admits one
// process), so that every system compared (ours, a --ref checkout) gets the same data.
import { join } from 'node:path';
import { presetClaims } from '../../shared/src/auth/presets';
import { BENCH_PRESET } from './scenarios';

const INSERT = `INSERT INTO "ResponsibleOfficial" (id, "customerId", authority, "officialId", name, role, since)
SELECT gen_random_uuid()::text, extra.id, own.authority, own."officialId", own.name, own.role, own.since
FROM unnest($1::text[]) AS extra(id)
CROSS JOIN (SELECT * FROM "ResponsibleOfficial" WHERE "officialId" = $2 ORDER BY id LIMIT 1) AS own
WHERE NOT EXISTS (SELECT 1 FROM "ResponsibleOfficial" r WHERE r."customerId" = extra.id AND r."officialId" = $2)`;

/** Where the joint register keeps its data: a PostgreSQL URL, or the embedded database under DATA_DIR. */
export type JointDatabase = { url: string } | { dataDir: string };

/** Adds the customers to the bench caller's caseload; returns how many rows were added. */
export async function addToBenchCaseload(database: JointDatabase, customerIds: string[]): Promise<number> {
  if (!customerIds.length) return 0;
  const official = presetClaims(BENCH_PRESET).sub;
  if ('url' in database) {
    const { Client } = await import('pg');
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query(INSERT, [customerIds, official])).rowCount ?? 0;
    } finally {
      await client.end();
    }
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create(join(database.dataDir, 'joint', 'pglite'));
  try {
    return (await pglite.query(INSERT, [customerIds, official])).affectedRows ?? 0;
  } finally {
    await pglite.close();
  }
}
