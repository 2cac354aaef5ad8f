// `npm start`: the launcher (./start.ts) as `npm run build` compiled it (dist/start.js), run by plain node: no
// TypeScript hook to load and no module to transpile before the first service is spawned (issue 11, cold start:
// the launcher's 0.3 CPU s to 0.2, BENCHMARKS.md change 46). Where dist/start.js is missing, or dist/ is older
// than its sources, ./start.ts itself through tsx, which builds dist/ again first.
'use strict';
const { join } = require('node:path');

let compiled;
try {
  compiled = require(join(__dirname, '..', 'dist', 'start.js'));
} catch (error) {
  if (error.code !== 'MODULE_NOT_FOUND') throw error;
}
if (compiled && compiled.servicesBuildIsCurrent()) {
  compiled.main({ buildChecked: true });
} else {
  require('tsx/cjs');
  require('./start.ts').main();
}
