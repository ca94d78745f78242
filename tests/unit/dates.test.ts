import { describe, expect, it } from 'vitest';
import { formatDate, formatInstant, isoWeekday, parseDate, parseInstant, tryParseDate, tryParseMonth, tryParseTimeOfDay } from '../../src/domain/dates';

describe('dates', () => {
  it('parses and formats ISO dates as day numbers', () => {
    expect(parseDate('1970-01-01')).toBe(0);
    expect(formatDate(parseDate('2026-11-30'))).toBe('2026-11-30');
    expect(parseDate('2028-03-01') - parseDate('2028-02-28')).toBe(2); // leap year
  });

  it('refuses dates that do not exist', () => {
    for (const text of ['2026-02-30', '2026-13-01', '2026-1-01', '26-01-01', '2026-01-01T00:00', '']) expect(tryParseDate(text)).toBeUndefined();
  });

  it('knows the ISO weekday', () => {
    expect(isoWeekday(parseDate('2026-11-30'))).toBe(1);
    expect(isoWeekday(parseDate('2026-12-06'))).toBe(7);
    expect(isoWeekday(parseDate('1969-12-29'))).toBe(1);
  });

  it('parses times of day, 24:00 included', () => {
    expect(tryParseTimeOfDay('06:30')).toBe(390);
    expect(tryParseTimeOfDay('24:00')).toBe(1440);
    for (const text of ['24:01', '25:00', '6:00', '12:60']) expect(tryParseTimeOfDay(text)).toBeUndefined();
  });

  it('round-trips local date-times', () => {
    const instant = parseInstant('2026-12-01T06:05');
    expect(formatInstant(instant)).toBe('2026-12-01T06:05');
    expect(instant % 1440).toBe(365);
  });

  it('parses month keys', () => {
    expect(tryParseMonth('2027-02')).toEqual({ year: 2027, month: 2 });
    expect(tryParseMonth('2027-13')).toBeUndefined();
  });
});
