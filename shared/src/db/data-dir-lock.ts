// An embedded database's directory held by one process at a time (issue 11's outsider, session 26): see lockDataDir.
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { lockSync as LockSync } from 'proper-lockfile';
import { processRuns, processStartedAt } from '../processes';

/**
 * How old an embedded database's lock may grow before another process may take it (its holder renews it twice as
 * often). Longer than PGlite ever blocks its holder's event loop, during which the lock cannot be renewed: its WASM
 * runs synchronously, and a new database took 14 s to open on a starved machine (session 32, load 5), past the 10 s
 * this was, so a second opener took the lock from under a live holder (which then found it compromised and stopped).
 * A lock whose holder is gone is taken at once anyway, and one whose holder runs never (its pid beside it); the stale
 * time is for a lock that names no holder.
 */
export const DATA_DIR_LOCK_STALE_MS = 60_000;

/**
 * Holds an embedded database's directory for this process until the returned release is called: a lock beside it
 * (`<dataDir>.lock`, proper-lockfile: a directory made atomically, its time renewed every 30 s while held). PGlite
 * is one process's database, and nothing inside it refuses a second one (PostgreSQL's postmaster.pid is not
 * checked): two processes on one directory (a second `npm start` on other ports with the same DATA_DIR, a tool
 * run beside a running register) each kept their own buffers and wrote over each other's files, and acknowledged
 * writes and their access-log entries were lost without a word (found by an outsider, session 26). Throws naming
 * the directory when another holder (another process, or this one) has it, however old its lock: a holder whose
 * renewal was blocked for longer than the stale time keeps it while its pid runs. A lock left by a process that was
 * killed is taken at once when its holder's pid (kept beside the lock) no longer runs or was given to a later
 * process; one that names no holder once it is older than {@link DATA_DIR_LOCK_STALE_MS}. Should a lock ever be
 * taken from under a holder, proper-lockfile throws in the holder, which then stops rather than write beside another.
 */
export function lockDataDir(dataDir: string): () => void {
  const lockPath = `${dataDir}.lock`;
  // Whose the lock is (beside it: proper-lockfile removes its lock directory only when empty), so that a holder
  // that was killed, and could not remove its lock, does not keep a restart out for the stale time (a supervisor,
  // or the fault tests, start a register again at once), and a live one keeps it however old it grew.
  const pidPath = `${lockPath}-pid`;
  // Loaded here, not as this module loads: the gateway loads this module with the registers' list (../subgraphs.ts)
  // but never holds a database, and proper-lockfile with graceful-fs cost it ~10 ms of every start (issue 11).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { lockSync } = require('proper-lockfile') as { lockSync: typeof LockSync };
  const inUse = () => new Error(`the embedded database ${dataDir} is in use by another process (another npm start, or a tool, on the same DATA_DIR; `
    + `its lock is ${lockPath}): stop that one first, or give this one a DATA_DIR of its own`);
  const holder = existsSync(lockPath) ? lockHolder(pidPath) : 'unknown';
  // A live holder keeps its lock even once proper-lockfile would call it stale: its renewal may have been blocked
  // for longer than the stale time (session 32's outsider), and taking it then would put two writers on one database.
  if (holder === 'runs') throw inUse();
  if (holder === 'gone') rmSync(lockPath, { recursive: true, force: true });
  try {
    const release = lockSync(dataDir, { lockfilePath: lockPath, realpath: false, stale: DATA_DIR_LOCK_STALE_MS });
    writeFileSync(pidPath, String(process.pid));
    return () => { rmSync(pidPath, { force: true }); release(); };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') throw inUse();
    throw error;
  }
}

/**
 * Whose a lock is, by its pid file: `runs` when it names a process on this machine that runs (this one too) and
 * ran when the file was written; `gone` when that process no longer runs, or its pid now belongs to a process
 * started after the file was written; `unknown` without a readable file (being taken right now, or taken by a
 * version without the file: the lock's age decides).
 */
function lockHolder(pidPath: string): 'runs' | 'gone' | 'unknown' {
  let pid: number;
  let writtenAt: number;
  try {
    pid = Number(readFileSync(pidPath, 'utf8'));
    writtenAt = statSync(pidPath).mtimeMs;
  } catch {
    return 'unknown';
  }
  if (!Number.isInteger(pid) || pid <= 0) return 'unknown';
  if (!processRuns(pid)) return 'gone';
  const startedAt = processStartedAt(pid);
  // processStartedAt is within a second; a holder always starts before it writes its file.
  return startedAt !== undefined && startedAt > writtenAt + 2000 ? 'gone' : 'runs';
}
