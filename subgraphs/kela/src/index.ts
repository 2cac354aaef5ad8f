import { runSubgraphProcess } from '@cg/shared/src/graphql/run';
import { kelaSubgraph } from './module';

runSubgraphProcess(kelaSubgraph);
