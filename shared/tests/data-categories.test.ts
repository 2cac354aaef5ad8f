// Every category of a customer's data has a privacy notice (purpose, source, retention) for the access report.
import { CATEGORIES, CATEGORY_NAMES } from '../src/law/categories';
import { DATA_CATEGORY_NOTICES, noticeOf } from '../src/law/data-categories';

describe('data category notices', () => {
  it('gives every customer-data and log category a purpose, a source and a retention', () => {
    for (const name of CATEGORY_NAMES.filter((n) => ['customer-data', 'log'].includes(CATEGORIES[n].kind))) {
      const notice = noticeOf(name);
      expect([name, notice.purpose.length > 10, notice.source.length > 10, notice.retention.length > 10, notice.retentionBasis.length > 3])
        .toEqual([name, true, true, true, true]);
    }
  });

  it('states the joint register four years and the municipal services ten years', () => {
    expect(DATA_CATEGORY_NOTICES.JOINT_IDENTIFICATION!.retention).toMatch(/four years/);
    expect(DATA_CATEGORY_NOTICES.EMPLOYMENT_MUNICIPAL_SERVICES!.retention).toMatch(/ten years/);
    expect(() => noticeOf('CUSTOMER_KEY')).toThrow(/no privacy notice/);
  });
});
