// The services' own log lines, as an operator would read them: each test of the calling `describe` (or
// file) runs at level info and every line the services write (one JSON line each, shared/src/log.ts) is
// kept for it instead of going to stdout.
import { setLogDestination, setLogLevel } from '../../shared/src/log';

/** Registers beforeEach/afterEach that capture the log lines; returns the lines written in the current test. */
export function captureServiceLogs(): () => string[] {
  let lines: string[] = [];
  let levelBefore = 'silent';
  beforeEach(() => {
    lines = [];
    process.env.LOG_LEVEL = 'info';
    levelBefore = setLogLevel('info');
    setLogDestination({ write: (line: string) => lines.push(line) });
  });
  afterEach(() => {
    setLogDestination(undefined);
    setLogLevel(levelBefore);
    process.env.LOG_LEVEL = 'silent';
  });
  return () => lines;
}
