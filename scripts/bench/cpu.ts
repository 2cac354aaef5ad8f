// CPU time and memory of processes, read from the operating system (Linux /proc), so that the cost of a
// request can be judged per process and not only by throughput on a shared, noisy machine.
// Reusable by any measuring script: `cpuSeconds(pid)` before and after a run, divided by the requests.
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime: USER_HZ is 100 on every Linux ABI. */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) the process has spent since it started, from /proc/<pid>/stat fields 14
 * and 15 (proc(5)). Resolution 10 ms. Throws when the process is gone or this is not Linux.
 */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may itself hold spaces: split after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so field n is fields[n - 3].
  return (Number(fields[14 - 3]) + Number(fields[15 - 3])) / TICKS_PER_SECOND;
}

/**
 * CPU seconds of a whole process tree: the process, the children it has waited for (fields 16 and 17,
 * cutime and cstime) and its live descendants. For a server that forks a process per connection, such
 * as PostgreSQL's postmaster, whose backends come and go during a run.
 */
export function treeCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const own = (Number(fields[14 - 3]) + Number(fields[15 - 3]) + Number(fields[16 - 3]) + Number(fields[17 - 3])) / TICKS_PER_SECOND;
  return own + childPids(pid).reduce((sum, child) => {
    try {
      return sum + treeCpuSeconds(child);
    } catch {
      return sum; // ended meanwhile: its time is now in our cutime, or will be
    }
  }, 0);
}

/** Resident set size in bytes now (VmRSS of /proc/<pid>/status), or 0 when the process is gone. */
export function rssBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Direct children of a process (from /proc/<pid>/task/<tid>/children; empty when it is gone). */
export function childPids(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
  } catch {
    return [];
  }
}

/** The process's command line as its arguments (NUL-separated in /proc/<pid>/cmdline). */
export function commandLine(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

/**
 * CPU seconds of each named process now (of each named process tree for `trees`): take one before a run
 * and one after, then `cpuSpent`.
 */
export function cpuSnapshot(pids: Record<string, number>, trees: Record<string, number> = {}): Record<string, number> {
  return {
    ...Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)])),
    ...Object.fromEntries(Object.entries(trees).map(([name, pid]) => [name, treeCpuSeconds(pid)])),
  };
}

/** CPU seconds each process spent between two snapshots. */
export function cpuSpent(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.keys(before).map((name) => [name, after[name] - before[name]]));
}

/**
 * Samples a process's RSS every `everyMs` (default 100 ms) until stopped; returns the peak and the last
 * sample in bytes. A peak between two samples can be missed; at 100 ms that is a few MB at most.
 */
export function sampleRss(pid: number, everyMs = 100): { stop(): { peak: number; end: number } } {
  let peak = rssBytes(pid);
  let last = peak;
  const timer = setInterval(() => {
    last = rssBytes(pid);
    peak = Math.max(peak, last);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      last = rssBytes(pid) || last;
      return { peak: Math.max(peak, last), end: last };
    },
  };
}
