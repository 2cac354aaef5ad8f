// The caseload's page and total come from one statement (issue 11): paging through it with the cursors it
// returns gives every customer of the caseload exactly once, in order, and the same total on every page;
// a cursor of a customer who is not in the caseload still pages on from where they would be.
import { postGraphQL, startSystem, System, tokenFor } from '../support/system';

let system: System;
let url: string;
beforeAll(async () => {
  system = await startSystem({ subgraphs: ['joint'], gateway: false });
  url = system.subgraphs.joint.listening.url;
}, 300_000);
afterAll(() => system?.stop());

const PAGE = `query Page($first: Int, $after: String) { caseload(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }`;
interface Page { caseload: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { cursor: string; node: { id: string } }[] } }

test('pages of 7 through the caseload give every customer once, in order, with the same total', async () => {
  const token = await tokenFor('employment-work-ability-coordinator');
  const whole = await postGraphQL<Page>(url, { query: PAGE, variables: { first: 1000 } }, token);
  expect(whole.errors).toBeUndefined();
  const all = whole.data!.caseload.edges.map((e) => e.node.id);
  expect(all.length).toBeGreaterThan(7);
  expect(whole.data!.caseload.totalCount).toBe(all.length);
  expect(whole.data!.caseload.pageInfo.hasNextPage).toBe(false);
  expect([...all].sort()).toEqual(all);

  const seen: string[] = [];
  let after: string | null = null;
  for (let i = 0; i < 100; i++) {
    const page: Awaited<ReturnType<typeof postGraphQL<Page>>> = await postGraphQL<Page>(url, { query: PAGE, variables: { first: 7, after } }, token);
    expect(page.errors).toBeUndefined();
    expect(page.data!.caseload.totalCount).toBe(all.length);
    seen.push(...page.data!.caseload.edges.map((e) => e.node.id));
    if (!page.data!.caseload.pageInfo.hasNextPage) break;
    after = page.data!.caseload.pageInfo.endCursor;
  }
  expect(seen).toEqual(all);

  // A cursor naming a customer outside the caseload (here: just before the third one) pages on from there.
  const third = all[2];
  const before = `${third.slice(0, -1)}${(parseInt(third.at(-1)!, 16) - 1 + 16).toString(16).at(-1)}`;
  if (before < third && !all.includes(before)) {
    const cursor = Buffer.from(`customer:${before}`).toString('base64url');
    const from = await postGraphQL<Page>(url, { query: PAGE, variables: { first: 2, after: cursor } }, token);
    expect(from.errors).toBeUndefined();
    expect(from.data!.caseload.edges.map((e) => e.node.id)).toEqual(all.slice(2, 4));
  }
});
