// First: starts OpenTelemetry tracing when OTLP is configured, before what it instruments is loaded.
import '@cg/shared/src/tracing/start';
import { runSubgraphProcess } from '@cg/shared/src/graphql/run';
import { wellbeingSubgraph } from './module';

runSubgraphProcess(wellbeingSubgraph);
