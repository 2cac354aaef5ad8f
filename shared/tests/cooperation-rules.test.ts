// Who may use the cooperation model's data and statistics (shared/src/law/cooperation-rules.ts), through
// `decide`, for every preset: the leader, the deputy, steering group members, officials and the rest.
import { presetClaims } from '../src/auth/presets';
import { actorFromClaims } from '../src/auth/tokens';
import type { CategoryName } from '../src/law/categories';
import { decide } from '../src/law/rules';

const actor = (preset: string) => actorFromClaims(presetClaims(preset) as never);
const may = (preset: string, category: CategoryName, operation: 'read' | 'write') => decide(actor(preset), category, undefined, operation).allowed;

const MANAGEMENT = ['cooperation-leader', 'cooperation-deputy-leader', 'steering-group-member', 'steering-group-member-wellbeing', 'steering-group-member-kela'];
const OFFICIALS = ['employment-expert', 'employment-psychologist', 'wellbeing-social-worker', 'wellbeing-nurse', 'kela-benefit-expert'];
const OTHERS = ['auditor', 'customer', 'employer', 'rehabilitation-institution'];

describe('anonymised statistics (seed 004 § 5)', () => {
  it.each(MANAGEMENT)('%s reads them', (preset) => expect(may(preset, 'ANONYMISED_STATISTICS', 'read')).toBe(true));
  it.each([...OFFICIALS, ...OTHERS])('%s does not', (preset) => expect(may(preset, 'ANONYMISED_STATISTICS', 'read')).toBe(false));
  it('nobody writes them', () => { for (const p of MANAGEMENT) expect(may(p, 'ANONYMISED_STATISTICS', 'write')).toBe(false); });
  it("the leader's role certificate counts only for an employment-authority official (Liite 5)", () => {
    const stranger = actorFromClaims({ sub: 'x', org_kind: 'KELA', org_id: 'kela', roles: ['COOPERATION_LEADER'] } as never);
    expect(decide(stranger, 'ANONYMISED_STATISTICS', undefined, 'read').allowed).toBe(false);
    const customerWithRole = actorFromClaims({ sub: 'c', org_kind: 'CUSTOMER', org_id: 'citizen', customer_id: 'c', roles: ['STEERING_GROUP_MEMBER'] } as never);
    expect(decide(customerWithRole, 'ANONYMISED_STATISTICS', undefined, 'read').allowed).toBe(false);
  });
});

describe('governance, staffing and costs (seed 003 Liite 2-6)', () => {
  it('officials read governance and staffing, not costs, and change none', () => {
    for (const p of OFFICIALS) {
      expect([may(p, 'COOPERATION_GOVERNANCE', 'read'), may(p, 'COOPERATION_STAFFING', 'read'), may(p, 'COOPERATION_COSTS', 'read')]).toEqual([true, true, false]);
      expect([may(p, 'COOPERATION_GOVERNANCE', 'write'), may(p, 'COOPERATION_STAFFING', 'write'), may(p, 'COOPERATION_COSTS', 'write')]).toEqual([false, false, false]);
    }
  });
  it('steering group members read all and write governance only', () => {
    for (const p of MANAGEMENT.slice(2)) {
      expect([may(p, 'COOPERATION_GOVERNANCE', 'read'), may(p, 'COOPERATION_STAFFING', 'read'), may(p, 'COOPERATION_COSTS', 'read')]).toEqual([true, true, true]);
      expect([may(p, 'COOPERATION_GOVERNANCE', 'write'), may(p, 'COOPERATION_STAFFING', 'write'), may(p, 'COOPERATION_COSTS', 'write')]).toEqual([true, false, false]);
    }
  });
  it('the leader and the deputy read and write all', () => {
    for (const p of MANAGEMENT.slice(0, 2)) {
      for (const c of ['COOPERATION_GOVERNANCE', 'COOPERATION_STAFFING', 'COOPERATION_COSTS'] as const) {
        expect([may(p, c, 'read'), may(p, c, 'write')]).toEqual([true, true]);
      }
    }
  });
  it('customers, third parties and auditors get nothing', () => {
    for (const p of OTHERS) for (const c of ['COOPERATION_GOVERNANCE', 'COOPERATION_STAFFING', 'COOPERATION_COSTS'] as const) expect(may(p, c, 'read')).toBe(false);
  });
});

// Found by an outsider (session 28): the role certificates counted whatever the caller's area. The cooperation
// model's data are Keski-Uusimaa's agreement's (seed 003); another area's officials and management, or a unit of
// no area, have no part in them.
describe("only the parties of the model's area (Keski-Uusimaa, seed 003) take part in it", () => {
  const as = (preset: string, changes: Record<string, unknown>) => actorFromClaims({ ...presetClaims(preset), ...changes } as never);
  const lapland = (preset: string) => as(preset, { org_unit: (presetClaims('employment-expert-lapland') as { org_unit: string }).org_unit });
  const everything = (who: ReturnType<typeof as>) => (['COOPERATION_GOVERNANCE', 'COOPERATION_STAFFING', 'COOPERATION_COSTS', 'ANONYMISED_STATISTICS'] as const)
    .flatMap((category) => (['read', 'write'] as const).map((operation) => decide(who, category, undefined, operation).allowed));
  it.each(['employment-expert-lapland', 'wellbeing-social-worker-lapland', 'kela-benefit-expert-lapland'])('%s reads neither governance nor staffing', (preset) => {
    expect(everything(actor(preset))).toEqual(Array(8).fill(false));
  });
  it("a leader's or a member's certificate of another area, or of a unit in no area, gives nothing", () => {
    expect(everything(lapland('cooperation-leader'))).toEqual(Array(8).fill(false));
    expect(everything(lapland('steering-group-member'))).toEqual(Array(8).fill(false));
    for (const preset of ['cooperation-leader', 'cooperation-deputy-leader', 'steering-group-member-kela']) {
      expect(everything(as(preset, { org_unit: 'no-such-unit' }))).toEqual(Array(8).fill(false));
    }
  });
  it("the same certificates in the model's area: as the presets above", () => {
    expect(everything(actor('cooperation-leader'))).toEqual([true, true, true, true, true, true, true, false]);
  });
});

describe("the management's role certificates entitle to no customer's data (seed 004 § 5; Liite 5)", () => {
  const customerId = '00000000-0000-4000-8000-000000000001';
  it.each(MANAGEMENT)('%s reads no customer data, cannot learn of a customer and writes none', (preset) => {
    for (const category of ['JOINT_IDENTIFICATION', 'JOINT_EMPLOYMENT_PLAN', 'EMPLOYMENT_JOB_SEEKER', 'KELA_BENEFITS', 'CUSTOMER_KEY', 'EMPLOYER_CUSTOMERS', 'ACCESS_LOG'] as const) {
      expect(decide(actor(preset), category, customerId, 'read', [], 'KESKI_UUSIMAA').allowed).toBe(false);
    }
    expect(decide(actor(preset), 'JOINT_CUSTOMERSHIP', customerId, 'write').allowed).toBe(false);
  });
  it('an official who also serves customers keeps that, and reads the statistics as a member', () => {
    const both = actorFromClaims({ sub: 'e', org_kind: 'EMPLOYMENT', org_id: 'employment-area-keski-uusimaa', org_unit: 'employment-area-keski-uusimaa', roles: ['EMPLOYMENT_EXPERT', 'STEERING_GROUP_MEMBER'] } as never);
    expect(decide(both, 'JOINT_IDENTIFICATION', customerId, 'read', [], 'KESKI_UUSIMAA').allowed).toBe(true);
    expect(decide(both, 'ANONYMISED_STATISTICS', undefined, 'read').allowed).toBe(true);
  });
});
