// An embedded database (PGlite on a directory) is one process's: a second holder is refused, naming the
// directory, whether it is another process (a second `npm start` on the same DATA_DIR, found by an outsider in
// session 26: acknowledged writes and access-log entries were lost without a word) or this one; the directory
// is free again once the holder closes, and a lock left by a process that died is taken once stale.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA_DIR_LOCK_STALE_MS, lockDataDir } from '../src/db/data-dir-lock';
import { Database, openDatabase } from '../src/db/database';
import { REPO_ROOT } from '../src/subgraphs';

const migrationsDir = join(REPO_ROOT, 'subgraphs', 'kela', 'prisma', 'migrations');
let root: string;
beforeAll(() => { root = mkdtempSync(join(tmpdir(), 'cg-lock-')); });
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('an embedded database directory', () => {
  it('is refused to a second holder in this process, naming the directory, and free again once the first closes', async () => {
    const dataDir = join(root, 'same-process', 'pglite');
    const first = await openDatabase({ dataDir, migrationsDir });
    let second: Database | undefined;
    try {
      await expect(openDatabase({ dataDir, migrationsDir })).rejects.toThrow(`the embedded database ${dataDir} is in use by another process`);
    } finally {
      await first.close();
    }
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
    try {
      second = await openDatabase({ dataDir, migrationsDir });
      expect(await second.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await second?.close();
    }
  }, 120_000);

  it('is refused while another process holds it, and taken over from a holder that died once its lock is stale', async () => {
    const dataDir = join(root, 'other-process', 'pglite');
    // Another process opens it and stays until killed.
    const script = `require('./shared/src/db/database').openDatabase({ dataDir: ${JSON.stringify(dataDir)}, migrationsDir: ${JSON.stringify(migrationsDir)} })
      .then(() => { process.stdout.write('open\\n'); setInterval(() => {}, 1000); });`;
    const child = execFile(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: REPO_ROOT });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (chunk: Buffer) => { if (String(chunk).includes('open')) resolve(); });
        child.once('exit', (code) => reject(new Error(`the holder exited (${code}) before it had the database open`)));
      });
      await expect(openDatabase({ dataDir, migrationsDir })).rejects.toThrow(/is in use by another process .*DATA_DIR/);
    } finally {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    // Killed, it could not remove its lock; its pid no longer runs, so a restart takes the directory at once.
    expect(existsSync(`${dataDir}.lock`)).toBe(true);
    const taken = await openDatabase({ dataDir, migrationsDir });
    try {
      expect(await taken.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await taken.close();
    }
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  }, 120_000);

  it('is taken from a lock that names no holder once it is older than the stale time, and not before', async () => {
    const dataDir = join(root, 'stale', 'pglite');
    mkdirSync(`${dataDir}.lock`, { recursive: true });
    await expect(openDatabase({ dataDir, migrationsDir })).rejects.toThrow(/is in use by another process/);
    const past = new Date(Date.now() - DATA_DIR_LOCK_STALE_MS - 1000);
    utimesSync(`${dataDir}.lock`, past, past);
    const taken = await openDatabase({ dataDir, migrationsDir });
    await taken.close();
  }, 120_000);

  it('is not taken from a live holder whose event loop is blocked (PGlite runs synchronously: a new database took 14 s to open on a starved machine)', async () => {
    // Found this session: under load the first holder's open took longer than the stale time, during which it could
    // not renew its lock, and a second opener took the lock from under it.
    const dataDir = join(root, 'blocked', 'pglite');
    mkdirSync(dataDir, { recursive: true });
    const script = `const release = require('./shared/src/db/data-dir-lock').lockDataDir(${JSON.stringify(dataDir)});
      process.stdout.write('locked\\n');
      const until = Date.now() + 14_000; while (Date.now() < until) { /* blocked, as during a long WASM call */ }
      release(); process.stdout.write('released\\n');`;
    let out = '';
    const child = execFile(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: REPO_ROOT }, () => undefined);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await new Promise<void>((resolve) => child.stdout!.on('data', (chunk) => { out += chunk; if (out.includes('locked')) resolve(); }));
    // Past the 10 s the stale time was, while the holder is still blocked.
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    expect(() => lockDataDir(dataDir)).toThrow(/is in use by another process/);
    expect(await exited).toBe(0);
    expect(out).toContain('released');
  }, 60_000);

  it('is not taken from a live holder even once its lock is older than the stale time (its renewal blocked for longer)', async () => {
    // Left by session 32's outsider: a holder blocked past the stale time could still lose its lock. Its pid names it.
    const dataDir = join(root, 'blocked-past-stale', 'pglite');
    mkdirSync(dataDir, { recursive: true });
    const script = `const release = require('./shared/src/db/data-dir-lock').lockDataDir(${JSON.stringify(dataDir)});
      process.stdout.write('locked\\n'); process.stdin.once('data', () => { release(); process.stdout.write('released\\n', () => process.exit(0)); });`;
    let out = '';
    const child = execFile(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: REPO_ROOT }, () => undefined);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await new Promise<void>((resolve) => child.stdout!.on('data', (chunk) => { out += chunk; if (out.includes('locked')) resolve(); }));
      // As if its renewal had been blocked for longer than the stale time.
      const past = new Date(Date.now() - DATA_DIR_LOCK_STALE_MS - 5000);
      utimesSync(`${dataDir}.lock`, past, past);
      expect(() => lockDataDir(dataDir)).toThrow(/is in use by another process/);
      child.stdin!.write('go\n');
      expect(await exited).toBe(0);
      expect(out).toContain('released');
    } finally {
      child.kill('SIGKILL');
    }
    // Released, the directory is free again.
    lockDataDir(dataDir)();
  }, 60_000);

  it('is taken at once from a dead holder whose pid the system gave to a process started after it', async () => {
    const dataDir = join(root, 'pid-reused', 'pglite');
    mkdirSync(`${dataDir}.lock`, { recursive: true });
    // A live process that is not the holder: it started after the holder wrote its pid file.
    const other = execFile('sleep', ['30'], () => undefined);
    try {
      writeFileSync(`${dataDir}.lock-pid`, String(other.pid));
      const written = new Date(Date.now() - 10_000);
      utimesSync(`${dataDir}.lock-pid`, written, written);
      lockDataDir(dataDir)();
      // The same file written after the process started names a live holder: refused.
      mkdirSync(`${dataDir}.lock`, { recursive: true });
      writeFileSync(`${dataDir}.lock-pid`, String(other.pid));
      expect(() => lockDataDir(dataDir)).toThrow(/is in use by another process/);
    } finally {
      other.kill('SIGKILL');
    }
  }, 60_000);
});
