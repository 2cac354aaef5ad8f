// Generates each subgraph's Prisma client (prisma generate), only when its schema changed.
// The Prisma CLI insists on a schema-engine binary path even though generation never runs it, and
// would otherwise try to download one; any existing file satisfies it (shared STACK.md).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SUBGRAPHS as REGISTERS } from '../shared/src/subgraph-list';

/** The registers' names (`joint`, ...), from the one list of them. */
export const SUBGRAPHS = REGISTERS.map((subgraph) => subgraph.name);

export function generatePrismaClients(root = process.cwd()): boolean {
  let generated = false;
  for (const name of SUBGRAPHS) {
    const dir = join(root, 'subgraphs', name);
    const schemaFile = join(dir, 'prisma', 'schema.prisma');
    if (!existsSync(schemaFile)) continue;
    const stamp = join(dir, 'src', 'generated', 'prisma', '.schema-hash');
    const hash = createHash('sha256').update(readFileSync(schemaFile)).digest('hex');
    if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) continue;
    execFileSync(process.execPath, [require.resolve('prisma/build/index.js'), 'generate'], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
    });
    writeFileSync(stamp, hash);
    generated = true;
  }
  return generated;
}

if (require.main === module) generatePrismaClients();
