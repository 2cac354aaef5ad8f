// Whether a process runs: the one rule the launcher (who started it), the build (whose builds stopped midway) and the
// embedded databases' locks (whose holder is gone) ask.

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
