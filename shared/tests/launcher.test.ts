// What scripts/start.ts passes to its services (shared/src/launcher.ts): NODE_EXTRA_CA_CERTS only where a
// setting can make a service open a TLS connection (issue 11, cold start: Node 20 loads the certificates at
// every process's start). The whole start with it set: tests/cold-start-build.test.ts.
import { execFileSync } from 'node:child_process';
import { serviceEnvironment } from '../src/launcher';

const base = { PATH: '/usr/bin', NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/extra.pem', DATA_DIR: '.data', KELA_URL: 'http://127.0.0.1:4004/graphql' };

describe('serviceEnvironment', () => {
  it('leaves NODE_EXTRA_CA_CERTS out where no setting asks for TLS, and keeps everything else', () => {
    const env = serviceEnvironment(base);
    expect(env).not.toHaveProperty('NODE_EXTRA_CA_CERTS');
    expect(env).toEqual({ PATH: '/usr/bin', DATA_DIR: '.data', KELA_URL: 'http://127.0.0.1:4004/graphql' });
    expect(base.NODE_EXTRA_CA_CERTS).toBe('/etc/ssl/certs/extra.pem'); // the launcher's own is untouched
  });

  it.each([
    ['an https JWKS', { AUTH_JWKS_URL: 'https://login.example/jwks' }],
    ['an https subgraph URL', { KELA_URL: 'HTTPS://kela.example/graphql' }],
    ['an https OTLP endpoint', { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example:4318' }],
    ['a database URL with sslmode', { DATABASE_URL: 'postgresql://cg@db.example/cg?sslmode=require' }],
    ['a database URL with ssl=true', { JOINT_DATABASE_URL: 'postgresql://cg@db.example/cg?connect_timeout=5&ssl=true' }],
    ['a database URL with sslrootcert', { DATABASE_URL: 'postgresql://cg@db.example/cg?sslrootcert=/etc/ca.pem' }],
    ["PostgreSQL's own SSL setting", { PGSSLMODE: 'verify-full' }],
  ])('keeps NODE_EXTRA_CA_CERTS with %s', (_what, setting) => {
    expect(serviceEnvironment({ ...base, ...setting }).NODE_EXTRA_CA_CERTS).toBe('/etc/ssl/certs/extra.pem');
  });

  it('is the environment a process really starts with', () => {
    const seen = execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.env.NODE_EXTRA_CA_CERTS))'], { env: serviceEnvironment(base), encoding: 'utf8' });
    expect(seen).toBe('undefined');
  });
});
