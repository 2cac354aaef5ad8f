// The services' own log lines, as an operator would read them: each test of the calling `describe` (or
// file) runs with LOG_LEVEL=info and every line the services print to stdout is kept for it.

/** Registers beforeEach/afterEach that capture stdout; returns the lines printed in the current test. */
export function captureServiceLogs(): () => string[] {
  let lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  beforeEach(() => {
    lines = [];
    process.env.LOG_LEVEL = 'info';
    process.stdout.write = ((chunk: string | Uint8Array) => { lines.push(String(chunk)); return true; }) as typeof process.stdout.write;
  });
  afterEach(() => {
    process.stdout.write = write;
    process.env.LOG_LEVEL = 'silent';
  });
  return () => lines;
}
