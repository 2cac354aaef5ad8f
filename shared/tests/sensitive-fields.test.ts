// Sensitive content wherever it is kept (issue 9): every field of the four schemas that can reveal a
// person's health, disability, sickness, rehabilitation for health reasons, substance abuse or
// social-welfare services is in a restricted category, whichever register keeps it. The list was made by
// going through every field and enum value of subgraphs/*/schema.graphql; a field named here in an
// unrestricted category fails the test, and so does a listed field that no longer exists.
import { CATEGORIES, CategoryDefinition } from '../src/law/categories';
import { SUBGRAPHS, subgraphTypeDefs } from '../src/subgraphs';

const REVEALING: Record<string, string> = {
  // Joint register: categories 4 and 5, the services of the plan by name, consents to sensitive recipients.
  'Customer.socialSituation': 'social situation (381/2023 § 11 (4))',
  'Customer.healthAndWorkCapacity': 'health and work capacity (381/2023 § 11 (5))',
  'Customer.sensitiveConsents': 'a consent to a health-care professional or a rehabilitation institution reveals treatment',
  'Customer.substanceAbuseConsents': 'a consent to an A-clinic reveals substance-abuse treatment',
  'Customer.socialSituationConsents': 'a consent to the prison services for release planning reveals imprisonment',
  'CustomerService.name': "service names, e.g. 'Substance-abuse rehabilitation'",
  'CustomerService.interruptionReason': 'free-text reason',
  // Employment registers.
  'EmploymentRegister.healthAffectingJobSearch': 'health data (seed 001 § 10)',
  'EmploymentRegister.vocationalGuidance': 'vocational guidance, with health restrictions (seed 001 § 8)',
  'EmploymentVocationalGuidance.healthRestrictions': 'health restrictions',
  'EmploymentRegister.primaryBenefitClarifications': 'incapacity for work, sickness allowance, disability pension',
  'EmploymentRegister.workCapacityAssessments': 'work capacity',
  'EmploymentRegister.activationPlan': 'rehabilitative work activity, a social-welfare service',
  'EmploymentCoaching.functionalCapacityAssessment': 'functional capacity',
  'EmploymentJobSeeker.jobSearchEndReason': "free-text reason (e.g. 'moved to sickness allowance')",
  'EmploymentContact.summary': 'free-text notes of contacts',
  'EmploymentWorkDiaryEntry.note': 'free-text notes of a coaching day',
  'EmploymentPlacement.outcome': 'enum value REHABILITATION',
  'EmploymentPlacement.description': 'free-text description',
  // Wellbeing registers: everything is social, health or substance-abuse data, the plan included.
  'WellbeingRegister.clientSince': 'client of social-welfare services',
  'WellbeingRegister.serviceArea': 'client of social-welfare services',
  'WellbeingRegister.socialSituation': 'social situation',
  'WellbeingRegister.socialWelfareServices': 'social-welfare services',
  'WellbeingRegister.socialAssistanceDecisions': 'social assistance',
  'WellbeingRegister.healthVisits': 'health services',
  'WellbeingRegister.diagnoses': 'diagnoses',
  'WellbeingRegister.carePlanNotes': 'care plan',
  'WellbeingRegister.healthReferrals': 'referrals',
  'WellbeingRegister.substanceAbuseVisits': 'substance-abuse services',
  'WellbeingRegister.substanceAbuseTreatmentPeriods': 'substance-abuse treatment',
  'WellbeingRegister.workAbilityAssessments': 'work ability',
  'WellbeingRegister.activationPlan': 'rehabilitative work activity, a social-welfare service',
  'WellbeingAttendanceDay.attendance': 'enum value ABSENT_SICK',
  'WellbeingAttendanceDay.note': 'free-text attendance notes',
  // Kela.
  'KelaRegister.healthBenefits': 'sickness and rehabilitation allowance',
  'KelaRegister.recentHealthBenefitPayments': 'payments of sickness and rehabilitation allowance',
  'KelaBenefitDecision.reasoning': 'free-text reasoning',
  // The items of healthBenefits: every field of theirs is health data, not only the list (found by an outsider).
  'KelaHealthBenefitDecision.kind': 'sickness or rehabilitation allowance',
  'KelaHealthBenefitDecision.paymentDaysUsed': 'days of sickness allowance used',
  'KelaHealthBenefitPayment.kind': 'sickness or rehabilitation allowance',
  'KelaHealthBenefitPayment.grossAmount': 'payment of sickness or rehabilitation allowance',
  'KelaRegister.rehabilitationDecisions': 'rehabilitation kinds (e.g. rehabilitative psychotherapy)',
  'KelaRegister.primaryBenefitClarifications': 'incapacity for work, sickness allowance, disability pension',
  'KelaRegister.openPrimaryBenefitClarification': 'incapacity for work, sickness allowance, disability pension',
};

const classification = new Map<string, string>();
for (const subgraph of SUBGRAPHS) for (const [field, category] of subgraphTypeDefs(subgraph).classification) classification.set(field, category);

it.each(Object.entries(REVEALING))('%s (%s) is in a restricted category', (field) => {
  const category = classification.get(field);
  expect({ field, exists: category !== undefined }).toEqual({ field, exists: true });
  expect({ field, category, restricted: Boolean((CATEGORIES[category as keyof typeof CATEGORIES] as CategoryDefinition).restriction) })
    .toEqual({ field, category, restricted: true });
});

it('keeps the unrestricted benefit list free of kinds that reveal illness', () => {
  // KelaRegister.benefits is unrestricted: its resolver leaves sickness and rehabilitation allowance to
  // healthBenefits (subgraphs/kela/src/decisions.ts benefitClass, tested end to end in scope.e2e).
  expect(CATEGORIES.KELA_BENEFITS).not.toHaveProperty('restriction');
  expect(classification.get('KelaRegister.benefits')).toBe('KELA_BENEFITS');
});
