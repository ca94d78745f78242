import { describe, expect, it } from 'vitest';
import { CompiledCalendar, shiftsOfDay } from '../../src/domain/calendar';
import { MINUTES_PER_DAY, parseDate, parseInstant } from '../../src/domain/dates';
import type { Calendar } from '../../src/domain/types';
import { SeededRandom } from '../../src/domain/random';

const monday = parseDate('2026-11-30');
const window = { firstDay: monday - 7, endDay: monday + 60 };

const twoShifts: Calendar = {
  id: 'TWO',
  shifts: [
    { days: [1, 2, 3, 4, 5], from: '06:00', to: '14:00' },
    { days: [1, 2, 3, 4, 5], from: '14:00', to: '22:00' },
  ],
  exceptions: [
    { from: '2026-12-24', to: '2026-12-25', shifts: [] },
    { from: '2026-12-02', to: '2026-12-02', shifts: [{ from: '06:00', to: '10:00' }] },
  ],
};

const nights: Calendar = {
  id: 'NIGHT',
  shifts: [
    { days: [1, 2, 3, 4, 5], from: '22:00', to: '24:00' },
    { days: [2, 3, 4, 5, 6], from: '00:00', to: '06:00' },
  ],
};

const at = (text: string) => parseInstant(text);

describe('shiftsOfDay', () => {
  it('merges touching shifts and applies exceptions', () => {
    expect(shiftsOfDay(twoShifts, monday)).toEqual([[360, 1320]]);
    expect(shiftsOfDay(twoShifts, parseDate('2026-12-02'))).toEqual([[360, 600]]);
    expect(shiftsOfDay(twoShifts, parseDate('2026-12-24'))).toEqual([]);
    expect(shiftsOfDay(twoShifts, parseDate('2026-12-05'))).toEqual([]);
  });
});

describe('CompiledCalendar', () => {
  const calendar = new CompiledCalendar(twoShifts, window);

  it('counts working minutes of a day and a week', () => {
    expect(calendar.workingMinutesOfDay(monday)).toBe(960);
    expect(calendar.workingMinutesOfDay(parseDate('2026-12-02'))).toBe(240);
    expect(calendar.workingMinutesOfWeek(monday)).toBe(4 * 960 + 240);
    // Christmas week: Thursday and Friday closed.
    expect(calendar.workingMinutesOfWeek(parseDate('2026-12-21'))).toBe(3 * 960);
  });

  it('counts working minutes between two instants', () => {
    expect(calendar.workingMinutesBetween(at('2026-11-30T05:00'), at('2026-11-30T07:00'))).toBe(60);
    expect(calendar.workingMinutesBetween(at('2026-11-30T21:00'), at('2026-12-01T07:00'))).toBe(120);
    expect(calendar.workingMinutesBetween(at('2026-12-01T07:00'), at('2026-11-30T21:00'))).toBe(0);
  });

  it('pauses work outside shifts and resumes in the next', () => {
    expect(calendar.addWorkingMinutes(at('2026-11-30T21:00'), 120)).toBe(at('2026-12-01T07:00'));
    // Friday 21:00 + 2 h resumes on Monday morning.
    expect(calendar.addWorkingMinutes(at('2026-12-04T21:00'), 120)).toBe(at('2026-12-07T07:00'));
    // Starting outside a shift: the clock starts at the next shift.
    expect(calendar.addWorkingMinutes(at('2026-12-05T10:00'), 30)).toBe(at('2026-12-07T06:30'));
    expect(calendar.addWorkingMinutes(at('2026-12-05T10:00'), 0)).toBe(at('2026-12-05T10:00'));
  });

  it('finds the next working instant and open days', () => {
    expect(calendar.nextWorkingInstant(at('2026-12-05T10:00'))).toBe(at('2026-12-07T06:00'));
    expect(calendar.nextWorkingInstant(at('2026-11-30T08:00'))).toBe(at('2026-11-30T08:00'));
    expect(calendar.isWorking(at('2026-11-30T22:00'))).toBe(false);
    expect(calendar.firstOpenDayOnOrAfter(parseDate('2026-12-24'))).toBe(parseDate('2026-12-28'));
  });

  it('joins a night shift across midnight into one stretch of work', () => {
    const night = new CompiledCalendar(nights, window);
    expect(night.workingMinutesOfWeek(monday)).toBe(5 * 480);
    expect(night.addWorkingMinutes(at('2026-11-30T23:00'), 120)).toBe(at('2026-12-01T01:00'));
    expect(night.workingMinutesOfDay(monday)).toBe(120);
  });

  it('refuses instants outside its window', () => {
    expect(() => calendar.workedBefore(window.endDay * MINUTES_PER_DAY + 1)).toThrow(RangeError);
  });

  it('agrees with a minute-by-minute count on random spans', () => {
    const random = new SeededRandom(11);
    const worked = (instant: number) => shiftsOfDay(twoShifts, Math.floor(instant / MINUTES_PER_DAY)).some(([from, to]) => {
      const minute = instant % MINUTES_PER_DAY;
      return minute >= from && minute < to;
    });
    for (let trial = 0; trial < 40; trial++) {
      const from = (monday + random.int(0, 20)) * MINUTES_PER_DAY + random.int(0, 1439);
      const to = from + random.int(0, 4 * MINUTES_PER_DAY);
      let expected = 0;
      for (let minute = from; minute < to; minute++) if (worked(minute)) expected++;
      expect(calendar.workingMinutesBetween(from, to)).toBe(expected);
      const end = calendar.addWorkingMinutes(from, expected);
      if (expected > 0) expect(calendar.workingMinutesBetween(from, end!)).toBe(expected);
    }
  });
});
