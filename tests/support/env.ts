// Every test process: quiet logs, development keys in a throw-away folder, no stray data directories.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.LOG_LEVEL ??= 'silent';
process.env.AUTH_DEV_KEYS_DIR ??= mkdtempSync(join(tmpdir(), 'cg-keys-'));
process.env.DEMO_CUSTOMERS ??= '200';
