// The demo data of the joint register is consistent with time: an ended customership ended on or before
// today (a future end is no end), never before it began, and nothing of it is assessed after its end.
import { DEMO_TODAY } from '../../../shared/src/demo/population';
import { DEMO_FORMER_CUSTOMERS } from '../../../shared/src/demo/former-customers';
import { todayInFinland } from '../../../shared/src/law/today';
import { demoCustomerships, pastEnd } from '../src/seed';

describe('the demo customerships', () => {
  const customerships = demoCustomerships();
  const ended = customerships.filter((c) => c.endedOn !== null);

  it('end on or before the demo\'s today (and so before the real today), never before they began', () => {
    // About 8 % of the customers have an ended customership (the draw of the seed).
    expect(ended.length).toBeGreaterThan(customerships.length * 0.04);
    expect(DEMO_TODAY <= todayInFinland()).toBe(true);
    expect(ended.filter((c) => c.endedOn! > DEMO_TODAY || c.endedOn! < c.startedOn)).toEqual([]);
    expect(customerships.filter((c) => c.startedOn > DEMO_TODAY)).toEqual([]);
  });

  it('have their end situation assessed on the day they ended, and nothing assessed after it', () => {
    for (const c of ended) {
      expect([c.customerId, c.assessments.find((a) => a.phase === 'END')?.assessedOn]).toEqual([c.customerId, c.endedOn]);
      expect(c.assessments.filter((a) => a.assessedOn > c.endedOn!)).toEqual([]);
    }
  });

  it('of the former customers (for the retention run) ended before the demo\'s today too, after they began', () => {
    expect(DEMO_FORMER_CUSTOMERS.filter((f) => f.customershipEndedOn > DEMO_TODAY || f.customershipEndedOn < f.customershipStartedOn)).toEqual([]);
  });
});

describe('pastEnd', () => {
  it('keeps an end on or before the demo\'s today, and moves a later one into the 90 days up to it, not before the start', () => {
    expect(pastEnd('2025-01-01', 200)).toBe('2025-07-20');
    expect(pastEnd('2026-01-01', 600)).toBe('2026-09-08');
    for (let length = 120; length <= 600; length++) {
      const end = pastEnd('2026-09-15', length);
      expect(end >= '2026-09-15' && end <= DEMO_TODAY && end >= '2026-08-03').toBe(true);
    }
    expect(pastEnd(DEMO_TODAY, 120)).toBe(DEMO_TODAY);
  });
});
