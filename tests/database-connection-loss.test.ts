// A PostgreSQL connection that drops while a transaction holds it must fail that transaction, not the
// process. pg emits 'error' on a checked-out client when its connection ends, and pg-pool listens only on
// idle clients: without a listener of our own the subgraph crashed (CI, stop 30: the database-down test saw
// REGISTER_UNAVAILABLE, the process gone, instead of DATABASE_UNAVAILABLE). Real PostgreSQL 15.
import { join } from 'node:path';
import { openDatabase, type Database } from '../shared/src/db/database';
import { PostgresCluster, createDatabases } from './support/postgres';

let cluster: PostgresCluster;
let database: Database;

beforeAll(async () => {
  cluster = await PostgresCluster.create();
  const { urls } = await createDatabases(cluster.adminUrl, ['lost']);
  database = await openDatabase({ databaseUrl: urls.lost, dataDir: '', migrationsDir: join(__dirname, '../subgraphs/employment/prisma/migrations') });
}, 60_000);
afterAll(async () => {
  await database?.close().catch(() => undefined);
  cluster?.destroy();
});

it('fails the transaction that held a dropped connection, keeps the process, and reconnects when the server returns', async () => {
  let resume!: () => void;
  const paused = new Promise<void>((r) => { resume = r; });
  let holding!: () => void;
  const held = new Promise<void>((r) => { holding = r; });
  const transaction = database.transaction(async (tx) => {
    await tx.query('SELECT 1');
    holding();
    await paused; // the connection is checked out, between statements, when the server goes
    return tx.query('SELECT 2');
  });
  const outcome = transaction.then(() => 'committed', (error: Error) => error.message);

  await held;
  cluster.stop();
  // Give the socket's end and pg's 'error' event time to arrive while the client is still checked out.
  await new Promise((r) => setTimeout(r, 300));
  resume();
  expect(await outcome).not.toBe('committed');

  cluster.start();
  await expect(database.query<{ one: number }>('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
  await expect(database.transaction((tx) => tx.query('SELECT 3 AS three'))).resolves.toEqual([{ three: 3 }]);
}, 60_000);
