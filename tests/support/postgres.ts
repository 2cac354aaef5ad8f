// A throw-away PostgreSQL 15 cluster for tests, from the server binaries on the machine image
// (initdb, pg_ctl), on a free loopback port; and fresh databases in it for each system under test.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { freePort } from './processes';

const BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

/** initdb refuses to run as root: run the server tools as the postgres user then. */
function run(tool: string, args: string[]) {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(BIN, tool), ...args]] : [join(BIN, tool), args];
  execFileSync(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
}

export class PostgresCluster {
  private constructor(readonly dir: string, readonly port: number) {}

  static async create(): Promise<PostgresCluster> {
    if (!existsSync(join(BIN, 'initdb'))) throw new Error(`PostgreSQL server binaries not found in ${BIN} (set POSTGRES_BIN)`);
    const dir = mkdtempSync(join(tmpdir(), 'cg-pg-'));
    if (process.getuid?.() === 0) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
    run('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    const cluster = new PostgresCluster(dir, await freePort());
    cluster.start();
    return cluster;
  }

  get adminUrl() { return `postgresql://postgres@127.0.0.1:${this.port}/postgres`; }

  start() {
    run('pg_ctl', ['-D', join(this.dir, 'data'), '-l', join(this.dir, 'server.log'), '-w', '-o', `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`, 'start']);
  }

  stop() {
    run('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']);
  }

  /**
   * Freezes the server and its backends (SIGSTOP): connections stay open and statements go unanswered, a
   * database that is stuck rather than down. `resume` lets them run again (SIGCONT).
   */
  pause() { this.signalAll('SIGSTOP'); }
  resume() { this.signalAll('SIGCONT'); }

  private signalAll(signal: NodeJS.Signals) {
    const postmaster = Number(readFileSync(join(this.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const backends = readFileSync(`/proc/${postmaster}/task/${postmaster}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    for (const pid of [postmaster, ...backends]) process.kill(pid, signal);
  }

  destroy() {
    try { this.stop(); } catch { /* already stopped */ }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Creates a fresh database for each name on the server at `adminUrl`; returns their URLs and a drop. */
export async function createDatabases(adminUrl: string, names: string[]) {
  const suffix = randomBytes(4).toString('hex');
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  const urls: Record<string, string> = {};
  try {
    for (const name of names) {
      const db = `cg_${suffix}_${name}`;
      await admin.query(`CREATE DATABASE "${db}"`);
      const url = new URL(adminUrl);
      url.pathname = `/${db}`;
      urls[name] = url.toString();
    }
  } finally {
    await admin.end();
  }
  return {
    urls,
    drop: async () => {
      const client = new Client({ connectionString: adminUrl });
      await client.connect();
      for (const name of names) await client.query(`DROP DATABASE IF EXISTS "cg_${suffix}_${name}" WITH (FORCE)`).catch(() => undefined);
      await client.end();
    },
  };
}
