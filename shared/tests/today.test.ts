// "Today" for the law is Finland's date (shared/src/law/today.ts): checked at the moments where the UTC
// calendar and Finland's disagree.
import type { Actor } from '../src/auth/actor';
import { ConsentTerms, consentInForce, specificConsentCovers } from '../src/law/rules';
import { todayInFinland } from '../src/law/today';

const employer: Actor = { id: 'e1', organisationKind: 'EMPLOYER', organisationId: 'employer-1', roles: [], purpose: 'JOB_PLACEMENT' };
const consent = (validUntil: string): ConsentTerms => ({
  id: 'k1', customerId: 'c1', recipientType: 'EMPLOYER', recipientOrganisationId: 'employer-1', categories: ['JOINT_IDENTIFICATION'],
  purpose: 'JOB_PLACEMENT', validFrom: new Date('2026-01-01T00:00:00Z'), validUntil: new Date(`${validUntil}T00:00:00Z`), status: 'GIVEN',
});

describe("the law's today is Finland's date", () => {
  afterEach(() => jest.useRealTimers());

  it('reads the date in Helsinki, summer and winter', () => {
    expect(todayInFinland(new Date('2026-11-30T21:59:00Z'))).toBe('2026-11-30');
    expect(todayInFinland(new Date('2026-11-30T22:00:00Z'))).toBe('2026-12-01'); // UTC+2
    expect(todayInFinland(new Date('2026-06-30T21:00:00Z'))).toBe('2026-07-01'); // UTC+3
  });

  it('at 00:30 in Finland a consent that ended yesterday covers nothing (UTC still says yesterday)', () => {
    jest.useFakeTimers({ now: new Date('2026-11-30T22:30:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
    const endedYesterday = consent('2026-11-30');
    expect(consentInForce(endedYesterday)).toBe(false);
    expect(specificConsentCovers(employer, 'JOINT_IDENTIFICATION', [endedYesterday])).toBeUndefined();
  });

  it('a consent that ends today still covers its categories all day', () => {
    jest.useFakeTimers({ now: new Date('2026-12-01T21:30:00Z'), doNotFake: ['nextTick', 'setImmediate'] }); // 23:30 in Finland
    const endsToday = consent('2026-12-01');
    expect(consentInForce(endsToday)).toBe(true);
    expect(specificConsentCovers(employer, 'JOINT_IDENTIFICATION', [endsToday])?.id).toBe('k1');
  });
});
