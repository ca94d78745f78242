import { describe, expect, it } from 'vitest';
import { horizonOf, monthsOfHorizon, weekOfDate, weekSharesOfMonth } from '../../src/domain/buckets';

const horizon = horizonOf('2026-11-30', 13);

describe('planning weeks', () => {
  it('puts a date in its week', () => {
    expect(weekOfDate(horizon, '2026-11-30')).toBe(0);
    expect(weekOfDate(horizon, '2026-12-06')).toBe(0);
    expect(weekOfDate(horizon, '2026-12-07')).toBe(1);
    expect(weekOfDate(horizon, '2026-11-29')).toBe(-1);
  });

  it('lists the months the horizon touches', () => {
    expect(monthsOfHorizon(horizon)).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsOfHorizon(horizonOf('2027-03-01', 4))).toEqual(['2027-03']);
  });
});

describe('weekSharesOfMonth', () => {
  it('spreads December 2026 by its weekdays', () => {
    // December 2026 has 23 weekdays: Tue 1 - Fri 4 fall in week 0 (4 days), then 5, 5, 5, 4 (24-25 still weekdays).
    const shares = weekSharesOfMonth(horizon, { year: 2026, month: 12 });
    expect(shares.map((share) => share.week)).toEqual([0, 1, 2, 3, 4]);
    expect(shares.map((share) => Math.round(share.share * 23))).toEqual([4, 5, 5, 5, 4]);
    expect(shares.reduce((sum, share) => sum + share.share, 0)).toBeCloseTo(1, 12);
  });

  it('leaves out the part of a month before or after the horizon', () => {
    // November 2026: only Monday 30 lies in the horizon, 1 of its 21 weekdays.
    expect(weekSharesOfMonth(horizon, { year: 2026, month: 11 })).toEqual([{ week: 0, share: 1 / 21 }]);
    // A 12-week horizon ends on Sunday 2027-02-21: 15 of February's 20 weekdays fall inside.
    const february = weekSharesOfMonth(horizonOf('2026-11-30', 12), { year: 2027, month: 2 });
    expect(february.at(-1)!.week).toBe(11);
    expect(february.reduce((sum, share) => sum + share.share, 0)).toBeCloseTo(15 / 20, 12);
  });
});
