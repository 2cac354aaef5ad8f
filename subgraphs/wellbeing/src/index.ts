import { runSubgraphProcess } from '@cg/shared/src/graphql/run';
import { wellbeingSubgraph } from './module';

runSubgraphProcess(wellbeingSubgraph);
