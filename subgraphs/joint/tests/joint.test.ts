// The joint register on its own: its server on a free port, its own embedded database, real tokens.
import { demoPopulation } from '../../../shared/src/demo/population';
import { postGraphQL, startSystem, System, tokenFor } from '../../../tests/support/system';

let system: System;
let url: string;
const ask = async (preset: string, query: string, variables?: unknown) => postGraphQL(url, { query, variables }, await tokenFor(preset));

beforeAll(async () => {
  system = await startSystem({ subgraphs: ['joint'], gateway: false });
  url = system.subgraphs.joint.listening.url;
});
afterAll(() => system.stop());

describe('caseload', () => {
  const CASELOAD = `query($first: Int, $after: String) { caseload(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id lastName responsibleOfficials { authority officialId } } } } }`;

  it("pages through exactly the calling official's customers", async () => {
    const first = await ask('employment-expert', CASELOAD, { first: 10 });
    expect(first.errors).toBeUndefined();
    const page = first.data!.caseload;
    const expected = demoPopulation().filter((c) => c.responsibleOfficials.EMPLOYMENT.id === 'employment-employment-expert-1');
    expect(page.totalCount).toBe(expected.length);
    expect(page.edges).toHaveLength(10);
    for (const edge of page.edges) {
      expect(edge.node.responsibleOfficials).toContainEqual({ authority: 'EMPLOYMENT', officialId: 'employment-employment-expert-1' });
    }
    const second = await ask('employment-expert', CASELOAD, { first: 500, after: page.pageInfo.endCursor });
    const all = [...page.edges, ...second.data!.caseload.edges].map((e: { node: { id: string } }) => e.node.id);
    expect(new Set(all).size).toBe(expected.length);
    expect(second.data!.caseload.pageInfo.hasNextPage).toBe(false);
  });

  it('refuses a page size out of range and a forged cursor, naming the argument', async () => {
    // One past the maximum (a far larger page is refused earlier, as over the cost limit).
    const tooMany = await ask('employment-expert', CASELOAD, { first: 1001 });
    expect(tooMany.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'first' } });
    const forged = await ask('employment-expert', CASELOAD, { first: 1, after: 'bm90LWEtY3Vyc29y' });
    expect(forged.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
  });
});

describe('customerByPersonalIdentityCode', () => {
  const BY_CODE = 'query($code: String!) { customerByPersonalIdentityCode(personalIdentityCode: $code) { id lastName } }';

  it('finds a customer by a valid code', async () => {
    const customer = demoPopulation()[3];
    const result = await ask('kela-benefit-expert', BY_CODE, { code: customer.personalIdentityCode });
    expect(result.data!.customerByPersonalIdentityCode).toEqual({ id: customer.id, lastName: customer.lastName });
  });

  it('answers a malformed code with a validation error that names the field and does not echo the code', async () => {
    for (const code of ['010594-9031', '010594Q9032', '310294-9032', 'not a code']) {
      const result = await ask('kela-benefit-expert', BY_CODE, { code });
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'personalIdentityCode' });
      expect(JSON.stringify(result)).not.toContain(code);
    }
  });

  it('answers null for a well-formed code of nobody', async () => {
    const result = await ask('kela-benefit-expert', BY_CODE, { code: '010101-999X' });
    expect(result.errors).toBeUndefined();
    expect(result.data!.customerByPersonalIdentityCode).toBeNull();
  });
});

describe('authentication', () => {
  const QUERY = '{ caseload(first: 1) { totalCount } }';

  it('serves nothing without a token, with a forged one or an expired one', async () => {
    const none = await postGraphQL(url, { query: QUERY });
    expect(none.status).toBe(401);
    expect(none.data).toBeFalsy();
    expect(none.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    const valid = await tokenFor('employment-expert');
    const [header, payload] = valid.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'someone-else' })).toString('base64url');
    const forged = await postGraphQL(url, { query: QUERY }, `${header}.${forgedPayload}.${valid.split('.')[2]}`);
    expect(forged.status).toBe(401);
    expect(forged.errors?.[0].message).toContain('not valid');

    const expired = await postGraphQL(url, { query: QUERY }, await tokenFor('employment-expert', '-10s'));
    expect(expired.status).toBe(401);
    expect(expired.errors?.[0].message).toContain('expired');
  });
});
