// The access report as a person reads it (GDPR art. 12(1): clear and plain language): every field the report
// shows has a Finnish and an English label, and values are formatted, never raw codes, ISO times or JSON.
import { accessReportHtml, accessReportSelection, reportRows } from '../src/rights/access-report';
import { FIELD_LABELS, formatValue, partyLabel } from '../src/rights/report-labels';

const SOMEONE = '00000000-0000-4000-8000-000000000001';

it('labels every field of the report in Finnish and English', () => {
  const names = new Set<string>();
  for (const part of accessReportSelection(SOMEONE)) for (const token of part.text.split(/[\s{}()]+/)) if (/^[a-zA-Z]+$/.test(token)) names.add(token);
  // The access logs and the disclosures are shown in tables of their own, with their own headings.
  const shownAsRows = [...names].filter((n) => !/AccessLog$|^actor|^operation|^first$|^outcome$/.test(n));
  const missing = shownAsRows.filter((n) => !Object.prototype.hasOwnProperty.call(FIELD_LABELS, n));
  expect(missing).toEqual([]);
});

it('formats values as a person reads them', () => {
  expect(formatValue('2026-03-05')).toBe('5.3.2026');
  expect(formatValue('2026-12-01T10:05:00.000Z')).toBe('1.12.2026 klo 12.05');
  expect(formatValue(false)).toBe('ei / no');
  expect(formatValue('LABOUR_MARKET_SUBSIDY')).toBe('Labour market subsidy');
  expect(formatValue('{"email":"a@example.org","phoneNumbers":["+358401234999"]}')).toBe('Sähköposti / E-mail: a@example.org; Puhelinnumerot / Phone numbers: +358401234999');
  expect(partyLabel('SOCIAL_WELFARE_AUTHORITY')).toBe('Sosiaaliviranomainen / Social welfare authority');
});

it('names rows by labels, not GraphQL paths, and a disclosure of customership alone by what it gave', () => {
  const rows = reportRows({ lastName: 'Esimerkki', contactDetailsChanges: [{ previousValues: '{"email":"old@example.org"}', changedAt: '2026-11-30T08:00:00.000Z', fields: ['email'], storedBy: `customer:${SOMEONE}` }] });
  expect(rows.map((r) => [r.labelFi, r.labelEn, r.value])).toEqual(expect.arrayContaining([
    ['Sukunimi', 'Last name', 'Esimerkki'],
    ['Yhteystietojen muutokset › Aiemmat arvot', 'Contact details changes › Previous values', 'Sähköposti / E-mail: old@example.org'],
    ['Yhteystietojen muutokset › Kentät', 'Contact details changes › Fields', 'Sähköposti / E-mail'],
    ['Yhteystietojen muutokset › Tallentaja', 'Contact details changes › Stored by', 'Sinä itse / You yourself'],
  ]));
  const html = accessReportHtml({
    name: 'Esimerkki', issuedAt: '2026-12-01T10:00:00.000Z', ordinal: 1, chargeable: false, rows, statements: [], errors: [],
    logs: { JOINT: [], EMPLOYMENT: [], WELLBEING: [], KELA: [] },
    disclosures: [{ disclosedAt: '2026-11-30T10:00:00.000Z', recipientType: 'EMPLOYER', recipientOrganisationId: 'employer-acme', recipientOrganisationName: 'Acme Oy', purpose: 'JOB_PLACEMENT', categories: ['CUSTOMER_KEY'] }],
  });
  expect(html).toContain('<td>Työnantaja / Employer</td><td>Acme Oy</td>');
  expect(html).toContain('Tieto siitä, että olet asiakas / The fact that you are a customer');
  expect(html).not.toMatch(/contactDetailsChanges|previousValues|\{&quot;/);
});

it("gives the person all three kinds of their own consents, those that reveal imprisonment included (review 7 M3)", () => {
  const fields = accessReportSelection(SOMEONE).map((part) => part.field);
  expect(fields).toEqual(expect.arrayContaining(['consents', 'sensitiveConsents', 'socialSituationConsents']));
});
