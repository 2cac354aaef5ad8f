// Who pays a customer's unemployment benefit is the employment register's own data (seed 001 § 10) that
// Kela and the employment authority need and no third party does. An unemployment fund's name can reveal
// trade-union membership (GDPR art. 9(1)), so it has a category of its own, EMPLOYMENT_BENEFIT_PAYER,
// that no consent may name (found by the sixth outside review: an employer's consent to
// EMPLOYMENT_JOB_SEEKER gave the fund's name).
import { addDays } from '../../shared/src/demo/population';
import { todayInFinland } from '../../shared/src/law/today';
import { startSystem, System } from '../support/system';
import { keyed } from '../support/keys';

let system: System;
let customerId: string;
let fundName: string;
const RECORD_CONSENT = 'mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }';
const JOB_SEEKER = 'query($id: ID!) { customer(id: $id) { employment { jobSeeker { employmentStatus benefitPayer unemploymentFundName } } } }';
const consentInput = (categories: string[]) => keyed({
  customerId, recipientType: 'EMPLOYER', recipientOrganisationId: 'employer-1', recipientOrganisationName: 'employer-1', categories,
  purpose: 'JOB_PLACEMENT', validFrom: todayInFinland(), validUntil: addDays(todayInFinland(), 30), method: 'IN_WRITING',
});
const codes = (result: { errors?: { extensions?: Record<string, unknown> }[] }) => (result.errors ?? []).map((e) => e.extensions?.code);

beforeAll(async () => {
  system = await startSystem();
  // A job seeker paid by an unemployment fund, whom the employment expert serves (the consent needs that).
  const paidByFund = await system.subgraphs.employment.db.jobSeeker.findMany({ where: { benefitPayer: 'UNEMPLOYMENT_FUND' }, take: 40 });
  for (const seeker of paidByFund as { customerId: string; unemploymentFundName: string }[]) {
    customerId = seeker.customerId;
    const consent = await system.query('employment-expert', RECORD_CONSENT, { input: consentInput(['JOINT_IDENTIFICATION', 'EMPLOYMENT_JOB_SEEKER']) });
    if (!consent.errors) { fundName = seeker.unemploymentFundName; return; }
  }
  throw new Error('no job seeker paid by a fund in the employment expert\'s area in the demo data');
});
afterAll(() => system?.stop());

describe('the payer of the unemployment benefit (EMPLOYMENT_BENEFIT_PAYER)', () => {
  it('is not given to an employer under a consent to EMPLOYMENT_JOB_SEEKER, while the job search is', async () => {
    const read = await system.query('employer', JOB_SEEKER, { id: customerId });
    const jobSeeker = read.data!.customer.employment.jobSeeker;
    expect(jobSeeker.employmentStatus).toEqual(expect.any(String));
    expect(jobSeeker.benefitPayer).toBeNull();
    expect(jobSeeker.unemploymentFundName).toBeNull();
    expect(new Set(codes(read))).toEqual(new Set(['FORBIDDEN']));
    expect(JSON.stringify(read)).not.toContain(fundName);
    // The disclosure record names what was given, and only that.
    const records = await system.subgraphs.joint.db.disclosureRecord.findMany({ where: { customerId, recipientType: 'EMPLOYER' } });
    const given = records.flatMap((r: { fields: unknown }) => r.fields as string[]);
    expect(given).toContain('EmploymentJobSeeker.employmentStatus');
    expect(given).not.toContain('EmploymentJobSeeker.unemploymentFundName');
  });

  it('cannot be named in a consent to any third party', async () => {
    const consent = await system.query('employment-expert', RECORD_CONSENT, { input: consentInput(['EMPLOYMENT_JOB_SEEKER', 'EMPLOYMENT_BENEFIT_PAYER']) });
    expect(codes(consent)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(consent.errors)).toContain('EMPLOYMENT_BENEFIT_PAYER');
  });

  it('is read by the employment authority that keeps it and by Kela, which pays on its statements', async () => {
    for (const official of ['employment-expert', 'kela-benefit-expert']) {
      const read = await system.query(official, JOB_SEEKER, { id: customerId });
      expect(read.errors).toBeUndefined();
      expect(read.data!.customer.employment.jobSeeker).toMatchObject({ benefitPayer: 'UNEMPLOYMENT_FUND', unemploymentFundName: fundName });
    }
  });
});
