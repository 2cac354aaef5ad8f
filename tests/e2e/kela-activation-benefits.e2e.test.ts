// Kela's expense allowance of rehabilitative work activity tells that the customer takes part in that social-welfare
// service (189/2001 § 1) and on how many days (KELA_ACTIVATION_BENEFITS): its list, every field of its items, and the
// mutation that records it. Found by an outsider (session 32): listed among the unrestricted benefits, it showed a
// supervisor, a nurse, a psychologist and Kela's service expert the participation that the activation plan's
// restriction keeps from them.
import { addDays, demoPopulation } from '../../shared/src/demo/population';
import { areaOfMunicipality } from '../../shared/src/law/areas';
import { todayInFinland } from '../../shared/src/law/today';
import { GraphQLResponse, postGraphQL, startSystem, System, tokenFor } from '../support/system';
import { keyed } from '../support/keys';

let system: System;
beforeAll(async () => { system = await startSystem(); });
afterAll(() => system?.stop());

const today = () => todayInFinland();
const codes = (r: GraphQLResponse) => (r.errors ?? []).map((e) => [e.extensions?.field ?? e.path?.join('.'), e.extensions?.code]);
const KIND = 'REHABILITATIVE_WORK_EXPENSE_ALLOWANCE';

/** A Kela customer of Keski-Uusimaa (the presets' area) with an expense allowance in the demo data. */
async function customerWithExpenseAllowance(): Promise<{ customerId: string; decisionId: string }> {
  const keskiUusimaa = demoPopulation().filter((c) => areaOfMunicipality(c.homeMunicipality) === 'KESKI_UUSIMAA').map((c) => c.id);
  const decision = await system.subgraphs.kela.db.benefitDecision.findFirstOrThrow({ where: { kind: KIND, customerId: { in: keskiUusimaa } }, orderBy: { id: 'asc' } });
  return { customerId: decision.customerId, decisionId: decision.id };
}

const BENEFITS = `query($id: ID!) { customer(id: $id) { id kela {
  benefits { id kind }
  recentPayments(first: 100) { id kind }
  activationBenefits { id kind status startsOn endsOn dailyAmount paymentDaysUsed decidedBy }
  recentActivationBenefitPayments(first: 3) { id kind paidOn grossAmount }
} } }`;

describe('reading the expense allowance of rehabilitative work activity', () => {
  it('is listed apart: only for the roles that read the activation plan and for the Kela officials who decide it', async () => {
    const { customerId, decisionId } = await customerWithExpenseAllowance();
    for (const preset of ['employment-expert', 'wellbeing-social-worker', 'kela-benefit-expert']) {
      const allowed = await system.query(preset, BENEFITS, { id: customerId });
      expect({ preset, errors: allowed.errors }).toEqual({ preset, errors: undefined });
      const kela = allowed.data!.customer.kela;
      expect(kela.activationBenefits.map((b: { id: string }) => b.id)).toContain(decisionId);
      expect(kela.activationBenefits.every((b: { kind: string }) => b.kind === KIND)).toBe(true);
      // Never among the other benefits or their payments.
      expect(kela.benefits.some((b: { kind: string }) => b.kind === KIND)).toBe(false);
      expect(kela.recentPayments.some((p: { kind: string }) => p.kind === KIND)).toBe(false);
    }
    for (const preset of ['employment-supervisor', 'wellbeing-nurse', 'employment-psychologist', 'kela-service-expert']) {
      const refused = await system.query(preset, BENEFITS, { id: customerId });
      expect({ preset, codes: codes(refused) }).toEqual({ preset, codes: [
        ['customer.kela.activationBenefits', 'FORBIDDEN'], ['customer.kela.recentActivationBenefitPayments', 'FORBIDDEN'],
      ] });
      const kela = refused.data!.customer.kela;
      expect(JSON.stringify(kela)).not.toContain(KIND);
      expect(JSON.stringify(kela)).not.toContain(decisionId);
    }
  });
});

describe('straight to the Kela register, as the gateway asks it (`_entities`)', () => {
  it('answers the same: the list for the roles it is for, FORBIDDEN for the others', async () => {
    const { customerId, decisionId } = await customerWithExpenseAllowance();
    const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { kela { activationBenefits { id } } } } }';
    const ask = async (preset: string) => postGraphQL(system.subgraphs.kela.listening.url, { query, variables: { r: [{ __typename: 'Customer', id: customerId }] } }, await tokenFor(preset));
    const allowed = await ask('kela-benefit-expert');
    expect(allowed.errors).toBeUndefined();
    expect(JSON.stringify(allowed.data)).toContain(decisionId);
    for (const preset of ['employment-supervisor', 'kela-service-expert']) {
      const refused = await ask(preset);
      expect({ preset, codes: codes(refused), leaked: JSON.stringify(refused.data).includes(decisionId) })
        .toEqual({ preset, codes: [['_entities.0.kela.activationBenefits', 'FORBIDDEN']], leaked: false });
    }
  });
});

describe('recording the expense allowance of rehabilitative work activity', () => {
  const RECORD_ACTIVATION = `mutation($input: KelaBenefitDecisionInput!) { recordKelaActivationBenefitDecision(input: $input) { id kind status decidedBy } }`;
  const RECORD_OTHER = `mutation($input: KelaBenefitDecisionInput!) { recordKelaBenefitDecision(input: $input) { id kind } }`;
  const decision = (customerId: string, kind: string) => ({
    customerId, kind, appliedOn: addDays(today(), -20), decidedOn: addDays(today(), -1), status: 'GRANTED',
    startsOn: addDays(today(), -20), endsOn: addDays(today(), 40), dailyAmount: 9, reasoning: 'Takes part on the days of the activation plan',
  });
  const count = (customerId: string) => system.subgraphs.kela.db.benefitDecision.count({ where: { customerId } });

  it('only through its own mutation, by the roles it is for', async () => {
    const { customerId } = await customerWithExpenseAllowance();
    const before = await count(customerId);
    // Through the mutation of the other benefits, whatever the role: refused naming the one that records it.
    for (const preset of ['kela-service-expert', 'kela-benefit-expert']) {
      const aside = await system.query(preset, RECORD_OTHER, { input: keyed(decision(customerId, KIND)) });
      expect(codes(aside)).toEqual([['kind', 'BAD_USER_INPUT']]);
      expect(aside.errors![0].message).toContain('recordKelaActivationBenefitDecision');
    }
    // Kela's service expert does not read it, so does not record it.
    const refused = await system.query('kela-service-expert', RECORD_ACTIVATION, { input: keyed(decision(customerId, KIND)) });
    expect(codes(refused)).toEqual([['recordKelaActivationBenefitDecision', 'FORBIDDEN']]);
    expect(await count(customerId)).toBe(before);
    // Nor is another kind recorded through it.
    const wrong = await system.query('kela-benefit-expert', RECORD_ACTIVATION, { input: keyed(decision(customerId, 'LABOUR_MARKET_SUBSIDY')) });
    expect(codes(wrong)).toEqual([['kind', 'BAD_USER_INPUT']]);
    expect(wrong.errors![0].message).toContain('recordKelaBenefitDecision');
    // The benefit decision expert records it, and it is listed with its kind.
    const recorded = await system.query('kela-benefit-expert', RECORD_ACTIVATION, { input: keyed(decision(customerId, KIND)) });
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data!.recordKelaActivationBenefitDecision).toMatchObject({ kind: KIND, status: 'GRANTED', decidedBy: expect.any(String) });
    expect(await count(customerId)).toBe(before + 1);
    const listed = await system.query('kela-benefit-expert', BENEFITS, { id: customerId });
    expect(listed.data!.customer.kela.activationBenefits.map((b: { id: string }) => b.id)).toContain(recorded.data!.recordKelaActivationBenefitDecision.id);
  });
});
