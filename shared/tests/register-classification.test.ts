// The joint register checks other registers' disclosure records against their classification as the
// committed supergraph states it; that must be exactly what each subgraph's own SDL marks.
import { SUBGRAPHS, subgraphTypeDefs } from '../src/subgraphs';
import { registerClassifications } from '../src/law/register-classification';

describe('register classifications from the committed supergraph', () => {
  it.each(SUBGRAPHS.map((s) => [s.register]))('are those of the %s subgraph\'s own SDL', (register) => {
    const own = subgraphTypeDefs(SUBGRAPHS.find((s) => s.register === register)!).classification;
    const fromSupergraph = registerClassifications().get(register)!;
    expect(Object.fromEntries([...fromSupergraph].sort())).toEqual(Object.fromEntries([...own].sort()));
  });
});
