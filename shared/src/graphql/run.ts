// Starts one subgraph as its own process: configuration from the environment, its own database
// (migrated, and seeded with demo data on first start), the GraphQL server, and a clean shutdown.
import { join } from 'node:path';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { GraphQLResolverMap } from '@apollo/subgraph';
import { readFileSync } from 'node:fs';
import { registerDataLocation, subgraphUrlByName } from '../subgraphs';
import { authConfigFromEnv, createTokenVerifier, TokenVerifier } from '../auth/tokens';
import { createJointServiceTokenVerifier, createServiceTokenSigner, createServiceTokenVerifier, ServiceTokenSigner, ServiceTokenVerifier } from '../auth/service-tokens';
import { homeMunicipalityNoticeRoute, INTERNAL_HOME_MUNICIPALITIES_PATH } from './home-municipalities';
import { bindClient, Database, openDatabase } from '../db/database';
import { demoDataWanted } from '../db/pglite-template';
import { analyzeIntervalFromEnv, startPlannerStatistics } from '../db/planner-statistics';
import type { Register } from '../law/categories';
import { checkLogLevel, createLogger, Logger } from '../log';
import { startLogSealer } from '../logs/chain';
import { createLogSigner, publishedLogKeys } from '../logs/signing';
import { Listening, maxSubgraphRequestBytes, PORT_RANGE } from '../http';
import { reportListening, stopWithLauncher } from '../launcher';
import { checkNodeEnv, introspectionWanted, wholeNumberSetting } from '../settings';
import { AccessLogStore, AccessLogWriter } from './audit';
import { leanGraphqlExecution } from './graphql-execution';
import { jointConsentLookup, jointDisclosureSink, jointTimeoutMs } from './joint-client';
import { registerTimeoutMs } from './register-call';
import { operationLimitsFromEnv } from './limits';
import { createSubgraph, DisclosureSink, lawDisabledForBenchmark, Subgraph, SubgraphContext, SubgraphOptions } from './subgraph';
import { compiledExecution } from './compiled-execution';
import type { ConsentBatchLoader } from './request-law';
import type { OperationSelection } from './loaders';

export interface PrismaLike extends AccessLogWriter {
  accessLogEntry: AccessLogStore;
  $disconnect(): Promise<void>;
}

export interface SubgraphModule<Db extends PrismaLike, Loaders> {
  name: string;
  register: Register;
  defaultPort: number;
  /** The subgraph's folder (schema.graphql, prisma/). */
  dir: string;
  createPrisma(adapter: SqlDriverAdapterFactory): Db;
  createLoaders(db: Db, selection?: OperationSelection): Loaders;
  resolvers: GraphQLResolverMap<SubgraphContext<Db, Loaders>>;
  /**
   * The home municipality the register keeps for each customer (null for none), for the area rule:
   * every register answers it from its own data (../law/areas.ts), so that no register asks another on
   * every request and none learns of customers it does not have.
   */
  homeMunicipalities?(db: Db): (customerIds: readonly string[]) => Promise<(string | null)[]>;
  /** The restrictions of processing in force the register keeps for each customer (GDPR art. 18), if it keeps any. */
  processingRestrictions?(db: Db): (customerIds: readonly string[]) => Promise<import('../law/data-subject-rights').RestrictionTerms[][]>;
  /** Both of the above in one statement (./home-municipalities.ts), for officials' requests, whose decisions read both. */
  homeMunicipalitiesAndRestrictions?(db: Db): import('./request-law').MunicipalityAndRestrictionBatchLoader;
  /**
   * An authority register's internal routes that answer the joint register's service alone (verified with
   * `verifyJointService`), e.g. the employment register's final reports.
   */
  jointServiceRoutes?: (db: Db, verifyJointService: (header: string | string[] | undefined, request: import('../auth/service-tokens').ServiceRequest) => Promise<Register>, log: Logger) => NonNullable<SubgraphOptions<Db, Loaders>['routes']>;
  /** Reads the register's own settings from `env`, throwing naming a bad one; called first at the start. */
  checkSettings?: (env: NodeJS.ProcessEnv) => void;
  /** Seeds demo data into an empty database; returns false when data was already there. */
  seed(db: Db, log: Logger): Promise<boolean>;
  /**
   * The joint register answers consents and records disclosures itself; the others ask it over HTTP as
   * services, whose service tokens `verifyService` checks on its internal routes.
   */
  local?: (db: Db, verifyToken: TokenVerifier, log: Logger, verifyService: ServiceTokenVerifier, signService: ServiceTokenSigner, env: NodeJS.ProcessEnv) => {
    consentsFor: (ctx: Pick<SubgraphContext, 'actor' | 'authorization' | 'requestId'>) => ConsentBatchLoader;
    recordDisclosures: DisclosureSink;
    routes?: SubgraphOptions<Db, Loaders>['routes'];
    /**
     * Starts what the register runs beside its requests (e.g. the joint register's notice rounds): called once
     * it is listening, so that their first round (a statement through Prisma, whose query compiler then loads:
     * some 0.2 CPU s) is not part of the start (issue 11, cold start).
     */
    start?: () => void;
    /** Stops what `start` started. */
    stop?: () => void;
  };
}

export interface RunningSubgraph<Db> {
  subgraph: Subgraph;
  listening: Listening;
  database: Database;
  db: Db;
  stop(): Promise<void>;
}

const envName = (name: string) => name.toUpperCase();

export async function startSubgraph<Db extends PrismaLike, Loaders>(
  module: SubgraphModule<Db, Loaders>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningSubgraph<Db>> {
  const prefix = envName(module.name);
  // Configuration that can be wrong is read before anything starts (a clear error, nothing half started).
  checkNodeEnv(env);
  checkLogLevel(env);
  module.checkSettings?.(env);
  const analyzeIntervalMs = analyzeIntervalFromEnv(env);
  const introspection = introspectionWanted(env);
  const compiled = compiledExecution(env);
  const limits = operationLimitsFromEnv(env);
  const port = wholeNumberSetting(env, `${prefix}_PORT`, wholeNumberSetting(env, 'PORT', module.defaultPort, PORT_RANGE), PORT_RANGE);
  const sealIntervalMs = wholeNumberSetting(env, 'LOG_SEAL_INTERVAL_MS', 1000, { min: 1 });
  const auth = authConfigFromEnv(env);
  // Settings of the process, used on every call: read (and checked) now.
  registerTimeoutMs(); jointTimeoutMs(); maxSubgraphRequestBytes();
  const log = createLogger({ service: `subgraph-${module.name}` });
  // Service credentials first: in production a register without its keys does not start at all.
  const verifyService = module.local ? await createServiceTokenVerifier(env) : undefined;
  // Every register signs its calls: the authorities' to the joint register, the joint register's notices of
  // home municipalities to the authorities' registers (which then trust only the joint register's key there).
  const signService = await createServiceTokenSigner(module.register, env);
  const verifyJointService = module.register !== 'JOINT' && module.homeMunicipalities ? await createJointServiceTokenVerifier(module.register, env) : undefined;
  // The same key signs the heads of the register's log chains (../logs/chain.ts).
  const logSigner = await createLogSigner(module.register, env);
  const { database, db } = await openRegisterDatabase(module, registerDataLocation(module.name, env), log, env);
  const verifyToken = await createTokenVerifier(auth);
  const jointUrl = subgraphUrlByName('joint', env);
  const local = module.local?.(db, verifyToken, log, verifyService!, signService, env);
  const noticeRoutes: NonNullable<SubgraphOptions<Db, Loaders>['routes']> = verifyJointService && module.register !== 'JOINT'
    ? { [INTERNAL_HOME_MUNICIPALITIES_PATH]: homeMunicipalityNoticeRoute(module.register, db as never, verifyJointService, log) } : {};
  const subgraph = await createSubgraph<Db, Loaders>({
    register: module.register,
    sdl: readFileSync(join(module.dir, 'schema.graphql'), 'utf8'),
    resolvers: module.resolvers,
    db,
    database,
    createLoaders: module.createLoaders,
    verifyToken,
    consentsFor: local?.consentsFor ?? jointConsentLookup(jointUrl, signService!),
    recordDisclosures: local?.recordDisclosures ?? jointDisclosureSink(jointUrl, module.register, signService!),
    routes: { ...local?.routes, ...noticeRoutes, ...(verifyJointService ? module.jointServiceRoutes?.(db, verifyJointService, log) : {}) },
    homeMunicipalities: module.homeMunicipalities?.(db),
    processingRestrictions: module.processingRestrictions?.(db),
    homeMunicipalitiesAndRestrictions: module.homeMunicipalitiesAndRestrictions?.(db),
    log,
    limits,
    introspection,
    compiledExecution: compiled,
  });
  const listening = await subgraph.listen(port, env.HOST ?? '127.0.0.1');
  // Seals the access log (and the disclosure records) shortly after each write; see ../logs/chain.ts.
  // Started once listening, in the same turn (no request is read before it exists, so sealerOf finds it):
  // its first tick, a statement through Prisma, instantiates Prisma's query compiler (its WASM, some 0.2 CPU
  // s), which would otherwise fall into the start whenever that takes longer than one interval (issue 11,
  // cold start). What a previous run left unsealed is sealed at the first tick, as before.
  const sealer = startLogSealer(db as unknown as Parameters<typeof startLogSealer>[0], logSigner, {
    keys: env[`${module.register}_SERVICE_JWKS`] ? publishedLogKeys(module.register, env) : logSigner.publicJwks,
    intervalMs: sealIntervalMs,
    onError: (error) => log.warn('log chain could not be sealed; retrying', { error: error.name }),
  });
  // The embedded database's planner statistics (PGlite runs no autovacuum; ../db/planner-statistics.ts):
  // after listening, so that a fresh data directory's first ANALYZE pass is not part of the start.
  const statistics = startPlannerStatistics(database, {
    intervalMs: analyzeIntervalMs,
    onError: (error) => log.warn('planner statistics could not be updated; retrying', { error: error.name }),
  });
  local?.start?.();
  log.info('listening', { url: listening.url, database: database.kind });
  reportListening(module.name, listening.url);
  if (lawDisabledForBenchmark(env)) log.warn('ACCESS RULES AND RECORDS ARE OFF (benchmark mode): never use with real data');
  return {
    subgraph, listening, database, db,
    stop: async () => {
      local?.stop?.();
      await listening.close();
      await subgraph.server.stop();
      await sealer.stop();
      await statistics.stop();
      await db.$disconnect();
      await database.close();
    },
  };
}

/**
 * A register's database, migrated (openDatabase), its Prisma client bound to the driver, and the demo data
 * seeded into it where wanted (on by default in development, off in production unless DEMO_SEED=on): what a
 * start does before it serves, and all that `--prepare-demo-data` does. Rejects with the migration's or the
 * seed's error, or, before the database is opened, with demoDataWanted's on a wrong DEMO_SEED.
 */
async function openRegisterDatabase<Db extends PrismaLike, Loaders>(
  module: SubgraphModule<Db, Loaders>, where: { databaseUrl?: string; dataDir: string }, log: Logger, env: NodeJS.ProcessEnv,
): Promise<{ database: Database; db: Db }> {
  // Read before the database is opened: a wrong DEMO_SEED stops the start with nothing touched.
  const seed = demoDataWanted(env);
  const database = await openDatabase({ ...where, migrationsDir: join(module.dir, 'prisma', 'migrations') });
  const db = module.createPrisma(database.adapter);
  // The hot statements outside transactions (rawRows, rawExecute) go to this database's driver directly.
  bindClient(db as object, database);
  if (seed) {
    const started = Date.now();
    if (await module.seed(db, log)) log.info('seeded demo data', { ms: Date.now() - started });
  }
  return { database, db };
}

/**
 * Migrates the embedded database in `dataDir` (made if missing) and seeds the demo data into it, then closes
 * it cleanly: what a register's first start does before it serves ({@link openRegisterDatabase}), without
 * serving (no keys, no port). scripts/demo-templates.ts keeps the result, so that `npm start` on an empty data
 * directory can copy it. Rejects, touching nothing, where demo data is off (NODE_ENV=production without
 * DEMO_SEED=on, or DEMO_SEED=off); rejects with the migration's or the seed's error, the directory then the
 * caller's to discard.
 */
export async function prepareDemoDatabase<Db extends PrismaLike, Loaders>(
  module: SubgraphModule<Db, Loaders>, dataDir: string, env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  // As a start would: never demo data where it is not wanted (production, DEMO_SEED=off).
  checkNodeEnv(env);
  if (!demoDataWanted(env)) throw new Error('demo data is off here (NODE_ENV=production or DEMO_SEED=off); set DEMO_SEED=on to prepare it');
  const { database, db } = await openRegisterDatabase(module, { dataDir }, createLogger({ service: `subgraph-${module.name}` }), env);
  await db.$disconnect();
  await database.close();
}

/**
 * The command line's `--prepare-demo-data DIR` or `--prepare-demo-data=DIR` (scripts/demo-templates.ts): the
 * directory, '' when the option is given without one, undefined when it is not given.
 */
const prepareDemoDataDir = (argv = process.argv): string | undefined => {
  const at = argv.findIndex((arg) => arg === '--prepare-demo-data' || arg.startsWith('--prepare-demo-data='));
  if (at < 0) return undefined;
  const value = argv[at].includes('=') ? argv[at].slice(argv[at].indexOf('=') + 1) : argv[at + 1];
  return value && !value.startsWith('--') ? value : '';
};

/**
 * For a subgraph's index.ts: start, and stop cleanly on Ctrl-C or SIGTERM. With `--prepare-demo-data DIR`,
 * only prepares the demo database in DIR ({@link prepareDemoDatabase}) and exits (0 done, 1 failed).
 */
export function runSubgraphProcess<Db extends PrismaLike, Loaders>(module: SubgraphModule<Db, Loaders>) {
  stopWithLauncher();
  const demoDir = prepareDemoDataDir();
  if (demoDir !== undefined) {
    // Never a normal start instead (it would seed DATA_DIR and listen): a missing directory is an error.
    const prepared = demoDir ? prepareDemoDatabase(module, demoDir) : Promise.reject(new Error('usage: --prepare-demo-data DIR'));
    prepared.then(() => process.exit(0), (error) => {
      createLogger({ service: `subgraph-${module.name}` }).error('could not prepare the demo database', { error: (error as Error).message });
      process.exit(1);
    });
    return;
  }
  startSubgraph(module).then((running) => {
    // Once started (every package that uses graphql loaded): one copy of graphql, then its lean execution.
    leanGraphqlExecution();
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      // A stuck close must not leave the process behind.
      setTimeout(() => process.exit(1), 10_000).unref();
      await running.stop().catch(() => undefined);
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }).catch((error) => {
    createLogger({ service: `subgraph-${module.name}` }).error('could not start', { error: (error as Error).message });
    process.exit(1);
  });
}
