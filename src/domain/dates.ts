/**
 * Factory-local civil dates and times. A factory lives in one time zone and the file format
 * carries naive local dates, so all arithmetic here is on day numbers (days since 1970-01-01)
 * and minute instants (minutes since 1970-01-01T00:00 local): no time zone, no DST surprises.
 */

export const MINUTES_PER_DAY = 1440;
export const DAYS_PER_WEEK = 7;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_OF_DAY = /^(\d{2}):(\d{2})$/;
const MONTH_KEY = /^(\d{4})-(\d{2})$/;

/** Day number of an ISO date, or undefined when the text is not a real calendar date. */
export function tryParseDate(text: string): number | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return undefined;
  }
  return Math.round(ms / 86_400_000);
}

export function parseDate(text: string): number {
  const day = tryParseDate(text);
  if (day === undefined) throw new RangeError(`not a date (YYYY-MM-DD): ${JSON.stringify(text)}`);
  return day;
}

export function formatDate(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(day: number): number {
  // 1970-01-01 was a Thursday (4).
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** Minutes after midnight of `HH:MM` (`24:00` allowed), or undefined when malformed. */
export function tryParseTimeOfDay(text: string): number | undefined {
  const match = TIME_OF_DAY.exec(text);
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) return undefined;
  return hours * 60 + minutes;
}

export function parseTimeOfDay(text: string): number {
  const minutes = tryParseTimeOfDay(text);
  if (minutes === undefined) throw new RangeError(`not a time of day (HH:MM): ${JSON.stringify(text)}`);
  return minutes;
}

/** `2026-12-01T06:00`: the schedule's local date-time form. */
export function formatInstant(instant: number): string {
  const day = Math.floor(instant / MINUTES_PER_DAY);
  const minuteOfDay = instant - day * MINUTES_PER_DAY;
  const hh = String(Math.floor(minuteOfDay / 60)).padStart(2, '0');
  const mm = String(minuteOfDay % 60).padStart(2, '0');
  return `${formatDate(day)}T${hh}:${mm}`;
}

export function parseInstant(text: string): number {
  const [date, time] = text.split('T');
  if (date === undefined || time === undefined) {
    throw new RangeError(`not a local date-time (YYYY-MM-DDTHH:MM): ${JSON.stringify(text)}`);
  }
  return parseDate(date) * MINUTES_PER_DAY + parseTimeOfDay(time.slice(0, 5));
}

export interface MonthKey {
  year: number;
  /** 1..12 */
  month: number;
}

export function tryParseMonth(text: string): MonthKey | undefined {
  const match = MONTH_KEY.exec(text);
  if (!match) return undefined;
  const month = Number(match[2]);
  if (month < 1 || month > 12) return undefined;
  return { year: Number(match[1]), month };
}

export function formatMonth({ year, month }: MonthKey): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function monthOfDay(day: number): MonthKey {
  const date = new Date(day * 86_400_000);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1 };
}

/** First day number of the month and first day of the next month. */
export function monthDays({ year, month }: MonthKey): { first: number; end: number } {
  const first = Math.round(Date.UTC(year, month - 1, 1) / 86_400_000);
  const end = Math.round(Date.UTC(year, month, 1) / 86_400_000);
  return { first, end };
}
