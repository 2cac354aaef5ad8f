import { lawDenies, caller } from './load';
import { CASELOAD_QUERY } from '../tests/support/queries';
import { demoPopulation } from '../shared/src/demo/population';
(async () => {
  for (const preset of ['employment-expert', 'employment-psychologist', 'wellbeing-social-worker', 'kela-benefit-expert']) {
    const c = await caller(preset);
    const r = await fetch('http://127.0.0.1:4600/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}` }, body: JSON.stringify({ query: CASELOAD_QUERY, variables: { first: 30 } }) });
    const j = await r.json() as any;
    const errs = j.errors ?? [];
    const paths = new Map<string, [number, number]>();
    for (const e of errs) { const k = `${e.extensions?.code} ${e.path.map((p: any) => typeof p === 'number' ? '#' : p).join('.')}`; const d = lawDenies(c.actor, [], j.data, e.path); const v = paths.get(k) ?? [0, 0]; v[d ? 0 : 1]++; paths.set(k, v); }
    console.log(preset, r.status, errs.length, [...paths].map(([k, [a, b]]) => `${k} expected=${a} unexpected=${b}`));
    // negative check: a path to an allowed field must not be judged denied
    console.log('  lastName denied?', lawDenies(c.actor, [], j.data, ['caseload', 'edges', 0, 'node', 'lastName']), ' activationPlan denied?', lawDenies(c.actor, [], j.data, ['caseload', 'edges', 0, 'node', 'wellbeing', 'activationPlan']), ' workAbility denied?', lawDenies(c.actor, [], j.data, ['caseload', 'edges', 0, 'node', 'wellbeing', 'workAbilityAssessments']));
  }
  const emp = await caller('employer');
  console.log('employer jobSeeker denied?', lawDenies(emp.actor, [], { customer: { id: demoPopulation()[0].id } }, ['customer', 'employment', 'jobSeeker']));
})();
