// `npm start`: the launcher (./start.ts) as `npm run build` compiled it (dist/start.js), run by plain node: no
// TypeScript hook to load and no module to transpile before the first service is spawned (issue 11, cold start:
// the launcher's 0.3 CPU s to 0.2, BENCHMARKS.md change 46). Where dist/start.js is missing, or dist/ is older
// than its sources, ./start.ts itself through tsx, which builds dist/ again first; where dist/start.js is there
// but cannot be loaded (a damaged file), the same, saying so, and dist/ is built again whatever its stamp says.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const compiledFile = join(__dirname, '..', 'dist', 'start.js');
let compiled;
let problem;
if (existsSync(compiledFile)) {
  try {
    compiled = require(compiledFile);
    if (typeof compiled.main !== 'function' || typeof compiled.servicesBuildIsCurrent !== 'function') problem = 'it holds no launcher';
    else if (compiled.servicesBuildIsCurrent()) compiled.main({ buildChecked: true });
    else compiled = undefined;
  } catch (error) {
    problem = String((error && error.message) || error).split('\n')[0];
  }
}
if (problem) process.stderr.write(`dist/start.js could not be run (${problem}); running scripts/start.ts, which builds dist/ again\n`);
if (problem || !compiled) {
  require('tsx/cjs');
  require('./start.ts').main({ rebuild: Boolean(problem) });
}
