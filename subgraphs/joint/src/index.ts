import { runSubgraphProcess } from '@cg/shared/src/graphql/run';
import { jointSubgraph } from './module';

runSubgraphProcess(jointSubgraph);
