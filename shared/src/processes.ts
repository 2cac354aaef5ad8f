// Whether a process runs: the one rule the launcher (who started it), the build (whose builds stopped midway) and the
// embedded databases' locks (whose holder is gone) ask.
import { readFileSync } from 'node:fs';

/**
 * True while process `pid` runs on this machine (signal 0: nothing is sent); one of another user's counts too
 * (EPERM). A zombie not yet reaped counts as running.
 */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * When process `pid` started, in ms since the epoch (±1 s: the boot time is kept in whole seconds), from Linux's
 * /proc (its start in clock ticks after boot, at USER_HZ = 100, the kernel's fixed unit for /proc); undefined
 * where there is no /proc or the process is gone. Tells a process apart from a later one that the system gave the
 * same pid.
 */
export function processStartedAt(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may itself hold spaces or parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const startTicks = Number(fields[19]); // field 22 of proc(5), the 20th after the command name
    const bootS = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    if (!Number.isFinite(startTicks) || !Number.isFinite(bootS)) return undefined;
    return bootS * 1000 + startTicks * 10;
  } catch {
    return undefined;
  }
}
