// Runs a command against a throw-away PostgreSQL 15 cluster started from the machine's server binaries:
//   npm run test:postgres            the end-to-end and subgraph tests, each subgraph on its own database
// The command sees TEST_DATABASE_URL (the cluster's admin URL); tests create fresh databases in it.
import { spawnSync } from 'node:child_process';
import { PostgresCluster } from '../tests/support/postgres';

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (!command) {
    console.error('usage: with-postgres <command> [args...]');
    process.exit(2);
  }
  const cluster = await PostgresCluster.create();
  console.log(`PostgreSQL 15 at ${cluster.adminUrl}`);
  let status = 1;
  try {
    status = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, TEST_DATABASE_URL: cluster.adminUrl } }).status ?? 1;
  } finally {
    cluster.destroy();
  }
  process.exit(status);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
