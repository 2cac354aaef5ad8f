// The committed supergraph built ahead, for the gateway's startup snapshot (./startup-snapshot.ts; issue 11, cold
// start; BENCHMARKS.md change 45). At every start @apollo/gateway builds, from the same 380 KB of SDL, the same
// objects: the supergraph (`Supergraph.build`), its API schema, both as graphql-js schemas, and the query planner
// with its query graph, some 0.5 CPU s of the gateway's 1.4 to ready. They are a pure function of the SDL and the
// packages' code, so the snapshot builds them once, at `npm run build`, and each start restored from it is handed
// them in place of building them again.
//
// How they are handed over: Apollo's own entry points are wrapped so that the first call with exactly the
// prebuilt arguments returns the prebuilt object, once; every other call (another SDL, a second build, a query
// planner configuration of its own) builds as before. The gateway's code and @apollo/gateway's are unchanged.

/** What of @apollo/federation-internals and @apollo/query-planner's buildPlan module this needs (their exports). */
export interface SupergraphPackages {
  federationInternals: {
    Supergraph: { build(sdl: string, options?: { validateSupergraph?: boolean }): PrebuildableSupergraph };
    Schema: { prototype: { toGraphQLJSSchema(config?: unknown): unknown } };
  };
  /** @apollo/query-planner/dist/buildPlan.js: its `QueryPlanner` export is what the package's index re-exports. */
  queryPlannerBuild: { QueryPlanner: new (supergraph: PrebuildableSupergraph, config?: unknown) => unknown };
}

interface PrebuildableSupergraph {
  schema: { toGraphQLJSSchema(config?: unknown): unknown };
  apiSchema(): { toGraphQLJSSchema(config?: unknown): unknown };
}

/** What {@link installPrebuiltSupergraph} built (tests look at it). */
export interface PrebuiltSupergraph {
  sdl: string;
  supergraph: PrebuildableSupergraph;
  queryPlanner: unknown;
}

/**
 * Builds `sdl` into a validated supergraph, its API schema, both graphql-js schemas and a query planner with
 * @apollo/query-planner's default configuration, then wraps in `packages`:
 * - `Supergraph.build(sdl, options)`: the first call with this very SDL returns the prebuilt supergraph (already
 *   validated, so whatever `validateSupergraph` says), then the original function is back;
 * - `new QueryPlanner(supergraph, config)`: the first call with the prebuilt supergraph and no configuration
 *   returns the prebuilt planner; anything else constructs as before (`instanceof` unchanged);
 * - `Schema.prototype.toGraphQLJSSchema(config)`: called without a configuration on the prebuilt supergraph's
 *   schema or API schema, the first call returns the prebuilt graphql-js schema.
 * Throws what `Supergraph.build` throws for an invalid SDL (the snapshot is then not made: scripts/startup-snapshot.ts).
 */
export function installPrebuiltSupergraph(packages: SupergraphPackages, sdl: string): PrebuiltSupergraph {
  const { Supergraph, Schema } = packages.federationInternals;
  const supergraph = Supergraph.build(sdl, { validateSupergraph: true });
  const graphqlJs = new Map<unknown, unknown>([[supergraph.schema, supergraph.schema.toGraphQLJSSchema()]]);
  const apiSchema = supergraph.apiSchema();
  graphqlJs.set(apiSchema, apiSchema.toGraphQLJSSchema());
  const OriginalQueryPlanner = packages.queryPlannerBuild.QueryPlanner;
  const queryPlanner = new OriginalQueryPlanner(supergraph, undefined);

  const build = Supergraph.build;
  Supergraph.build = function prebuiltOnce(this: unknown, given: string, options?: { validateSupergraph?: boolean }) {
    if (given !== sdl) return build.call(this, given, options);
    Supergraph.build = build;
    return supergraph;
  };

  let plannerGiven = false;
  // A function, not a class: `new` of a function that returns an object yields that object.
  function QueryPlanner(this: unknown, given: PrebuildableSupergraph, config?: unknown) {
    if (!plannerGiven && given === supergraph && config === undefined) {
      plannerGiven = true;
      return queryPlanner;
    }
    return new OriginalQueryPlanner(given, config);
  }
  QueryPlanner.prototype = OriginalQueryPlanner.prototype;
  packages.queryPlannerBuild.QueryPlanner = QueryPlanner as unknown as typeof OriginalQueryPlanner;

  const toGraphQLJSSchema = Schema.prototype.toGraphQLJSSchema;
  Schema.prototype.toGraphQLJSSchema = function prebuiltOnce(this: unknown, config?: unknown) {
    if (config === undefined && graphqlJs.has(this)) {
      const built = graphqlJs.get(this);
      graphqlJs.delete(this);
      if (graphqlJs.size === 0) Schema.prototype.toGraphQLJSSchema = toGraphQLJSSchema;
      return built;
    }
    return toGraphQLJSSchema.call(this, config);
  };
  return { sdl, supergraph, queryPlanner };
}
