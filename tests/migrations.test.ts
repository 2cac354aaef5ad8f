// Each subgraph's committed SQL migrations must build exactly what its schema.prisma declares, and the
// generated Prisma client must work against the result: a schema change without its migration fails here.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { applyMigrations } from '../shared/src/db/migrations';
import { PrismaField, columnType, parsePrismaSchema } from '../shared/src/db/prisma-schema';
import { REPO_ROOT, SUBGRAPHS } from '../shared/src/subgraphs';

const present = SUBGRAPHS.filter((s) => existsSync(join(REPO_ROOT, 'subgraphs', s.name, 'prisma', 'schema.prisma')));

// Column type as information_schema names it, and the element type of arrays as pg_type names it.
const SQL_TYPE: Record<string, [string, string]> = {
  TEXT: ['text', 'text'], INTEGER: ['integer', 'int4'], BIGINT: ['bigint', 'int8'], 'DOUBLE PRECISION': ['double precision', 'float8'], BOOLEAN: ['boolean', 'bool'],
  'TIMESTAMP(3)': ['timestamp without time zone', 'timestamp'], DATE: ['date', 'date'], JSONB: ['jsonb', 'jsonb'],
};

function expectedColumn(field: PrismaField, enums: Set<string>) {
  const base = columnType({ ...field, list: false }, enums)!;
  const isEnum = enums.has(field.type);
  const udt = isEnum ? field.type : SQL_TYPE[base][1];
  return {
    type: field.list ? `ARRAY:_${udt}` : isEnum ? `USER-DEFINED:${udt}` : SQL_TYPE[base][0],
    nullable: field.optional || field.list,
  };
}

describe('the migration runner', () => {
  it('refuses a database whose applied migration was edited afterwards', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-migrations-'));
    mkdirSync(join(dir, '20260101000000_first'));
    writeFileSync(join(dir, '20260101000000_first', 'migration.sql'), 'CREATE TABLE "A" ("id" TEXT PRIMARY KEY);');
    const pglite = await PGlite.create('memory://');
    const db = { execute: async (sql: string) => { await pglite.exec(sql); }, query: async <R>(sql: string) => (await pglite.query<R>(sql)).rows };
    expect(await applyMigrations(db, dir)).toEqual(['20260101000000_first']);
    writeFileSync(join(dir, '20260101000000_first', 'migration.sql'), 'CREATE TABLE "A" ("id" INTEGER PRIMARY KEY);');
    await expect(applyMigrations(db, dir)).rejects.toThrow('20260101000000_first was changed after it was applied');
    // A failing migration leaves nothing behind: it and its history row are one transaction.
    mkdirSync(join(dir, '20260102000000_broken'));
    writeFileSync(join(dir, '20260101000000_first', 'migration.sql'), 'CREATE TABLE "A" ("id" TEXT PRIMARY KEY);');
    writeFileSync(join(dir, '20260102000000_broken', 'migration.sql'), 'CREATE TABLE "B" ("id" TEXT); SELECT no_such_function();');
    await expect(applyMigrations(db, dir)).rejects.toThrow();
    expect((await pglite.query(`SELECT to_regclass('"B"') AS b`)).rows).toEqual([{ b: null }]);
    await pglite.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe.each(present.map((s) => [s.name]))('migrations of the %s subgraph', (name) => {
  const dir = join(REPO_ROOT, 'subgraphs', name);
  const schema = parsePrismaSchema(readFileSync(join(dir, 'prisma', 'schema.prisma'), 'utf8'));
  const enums = new Set(schema.enums.map((e) => e.name));
  let pglite: PGlite;

  beforeAll(async () => {
    pglite = await PGlite.create('memory://');
    const db = { execute: async (sql: string) => { await pglite.exec(sql); }, query: async <R>(sql: string) => (await pglite.query<R>(sql)).rows };
    await applyMigrations(db, join(dir, 'prisma', 'migrations'));
    // Applying again is a no-op: what ran is recorded in _prisma_migrations.
    expect(await applyMigrations(db, join(dir, 'prisma', 'migrations'))).toEqual([]);
  });
  afterAll(() => pglite.close());

  it('creates every column with the type and nullability schema.prisma declares', async () => {
    const { rows } = await pglite.query<{ table_name: string; column_name: string; data_type: string; udt_name: string; is_nullable: string }>(
      `SELECT table_name, column_name, data_type, udt_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`);
    const actual = new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, {
      type: r.data_type === 'ARRAY' ? `ARRAY:${r.udt_name}` : r.data_type === 'USER-DEFINED' ? `USER-DEFINED:${r.udt_name}` : r.data_type,
      nullable: r.is_nullable === 'YES',
    }]));
    const expected = new Map(schema.models.flatMap((model) => model.fields
      .filter((field) => columnType(field, enums))
      .map((field) => [`${model.name}.${field.name}`, expectedColumn(field, enums)] as const)));
    expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected));
  });

  it('creates every enum with its values', async () => {
    const { rows } = await pglite.query<{ typname: string; values: string[] }>(
      `SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder) AS values FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`);
    expect(Object.fromEntries(rows.map((r) => [r.typname, r.values]))).toEqual(Object.fromEntries(schema.enums.map((e) => [e.name, e.values])));
  });

  it('serves every model through the generated client', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { PrismaClient } = require(join(dir, 'src', 'generated', 'prisma', 'client'));
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    for (const model of schema.models) {
      const delegate = prisma[model.name[0].toLowerCase() + model.name.slice(1)];
      await expect(delegate.findMany({ take: 1 })).resolves.toEqual([]);
    }
    await prisma.$disconnect();
  });
});
