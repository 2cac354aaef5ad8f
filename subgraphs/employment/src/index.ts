import { runSubgraphProcess } from '@cg/shared/src/graphql/run';
import { employmentSubgraph } from './module';

runSubgraphProcess(employmentSubgraph);
