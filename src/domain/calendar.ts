/**
 * Working-time arithmetic on a factory calendar: which minutes are worked, how many working
 * minutes lie in a day, a week or between two instants, and where a span of work ends when it
 * pauses outside shifts. Every engine uses it: capacity in the Master Plan, timing in the APS.
 *
 * A calendar is compiled once over a window of days into sorted working intervals with a
 * running total, so that every query is a binary search instead of a walk over the days.
 */
import type { Calendar } from './types';
import { DAYS_PER_WEEK, MINUTES_PER_DAY, isoWeekday, parseDate, parseTimeOfDay } from './dates';

type DayIntervals = ReadonlyArray<readonly [from: number, to: number]>;

/** Working intervals of one day, as minutes after midnight, merged and sorted. */
export function shiftsOfDay(calendar: Calendar, day: number): DayIntervals {
  const exception = calendar.exceptions?.find(
    (candidate) => parseDate(candidate.from) <= day && day <= parseDate(candidate.to),
  );
  const weekday = isoWeekday(day);
  // An exception's shifts apply to each of its dates; `days` there, if given, still filters.
  const shifts = (exception ? exception.shifts : calendar.shifts).filter(
    (shift) => shift.days === undefined || shift.days.includes(weekday),
  );
  const intervals = shifts
    .map((shift) => [parseTimeOfDay(shift.from), parseTimeOfDay(shift.to)] as [number, number])
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0]);
  return mergeIntervals(intervals);
}

function mergeIntervals(sorted: [number, number][]): [number, number][] {
  const merged: [number, number][] = [];
  for (const [from, to] of sorted) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

export interface CalendarWindow {
  /** First day number compiled (inclusive). */
  firstDay: number;
  /** Day number after the last day compiled. */
  endDay: number;
}

export class CompiledCalendar {
  readonly id: string;
  readonly window: CalendarWindow;
  /** Interval starts and ends as absolute minute instants, flattened and sorted. */
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  /** Working minutes before interval i (prefix sums), length = intervals + 1. */
  private readonly before: Float64Array;

  constructor(calendar: Calendar, window: CalendarWindow) {
    this.id = calendar.id;
    this.window = window;
    const starts: number[] = [];
    const ends: number[] = [];
    // Shifts that end at 24:00 and resume at 00:00 the next day form one continuous interval.
    for (let day = window.firstDay; day < window.endDay; day++) {
      const base = day * MINUTES_PER_DAY;
      for (const [from, to] of shiftsOfDay(calendar, day)) {
        const last = ends.length - 1;
        if (last >= 0 && ends[last] === base + from) ends[last] = base + to;
        else {
          starts.push(base + from);
          ends.push(base + to);
        }
      }
    }
    this.starts = Float64Array.from(starts);
    this.ends = Float64Array.from(ends);
    this.before = new Float64Array(starts.length + 1);
    for (let i = 0; i < starts.length; i++) this.before[i + 1] = this.before[i]! + (ends[i]! - starts[i]!);
  }

  get windowStart(): number {
    return this.window.firstDay * MINUTES_PER_DAY;
  }

  get windowEnd(): number {
    return this.window.endDay * MINUTES_PER_DAY;
  }

  private checkInWindow(instant: number): void {
    if (instant < this.windowStart || instant > this.windowEnd) {
      throw new RangeError(`instant ${instant} lies outside calendar ${this.id}'s compiled window`);
    }
  }

  /** Index of the last interval starting at or before the instant, or -1. */
  private intervalAtOrBefore(instant: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (this.starts[mid]! <= instant) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found;
  }

  /** Working minutes from the window start up to the instant. */
  workedBefore(instant: number): number {
    this.checkInWindow(instant);
    const i = this.intervalAtOrBefore(instant);
    if (i < 0) return 0;
    return this.before[i]! + Math.min(instant, this.ends[i]!) - this.starts[i]!;
  }

  /** Working minutes in [from, to). */
  workingMinutesBetween(from: number, to: number): number {
    if (to <= from) return 0;
    return this.workedBefore(to) - this.workedBefore(from);
  }

  workingMinutesOfDay(day: number): number {
    return this.workingMinutesBetween(day * MINUTES_PER_DAY, (day + 1) * MINUTES_PER_DAY);
  }

  /** Working minutes of the week that starts on `firstDay`. */
  workingMinutesOfWeek(firstDay: number): number {
    return this.workingMinutesBetween(firstDay * MINUTES_PER_DAY, (firstDay + DAYS_PER_WEEK) * MINUTES_PER_DAY);
  }

  isWorking(instant: number): boolean {
    const i = this.intervalAtOrBefore(instant);
    return i >= 0 && instant < this.ends[i]!;
  }

  /** The first working instant at or after `instant`, or undefined if none lies in the window. */
  nextWorkingInstant(instant: number): number | undefined {
    this.checkInWindow(instant);
    const i = this.intervalAtOrBefore(instant);
    if (i >= 0 && instant < this.ends[i]!) return instant;
    return i + 1 < this.starts.length ? this.starts[i + 1] : undefined;
  }

  /**
   * Where `minutes` of work that may start at `instant` ends, pausing outside shifts.
   * Zero minutes end at `instant` itself. Undefined when the window runs out first.
   */
  addWorkingMinutes(instant: number, minutes: number): number | undefined {
    if (minutes <= 0) return instant;
    const target = this.workedBefore(instant) + minutes;
    if (target > this.before[this.starts.length]!) return undefined;
    // The first interval whose running total reaches the target holds the end instant.
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.before[mid + 1]! >= target) high = mid;
      else low = mid + 1;
    }
    return this.starts[low]! + (target - this.before[low]!);
  }

  /** The working stretches that overlap [from, to), clipped to it. */
  workingIntervals(from: number, to: number): [number, number][] {
    const pieces: [number, number][] = [];
    let i = Math.max(0, this.intervalAtOrBefore(from));
    for (; i < this.starts.length && this.starts[i]! < to; i++) {
      const start = Math.max(from, this.starts[i]!);
      const end = Math.min(to, this.ends[i]!);
      if (end > start) pieces.push([start, end]);
    }
    return pieces;
  }

  /** The compiled intervals and their running totals, for kernels that do this arithmetic themselves. */
  intervalArrays(): { starts: Float64Array; ends: Float64Array; before: Float64Array } {
    return { starts: this.starts, ends: this.ends, before: this.before.subarray(0, this.starts.length) };
  }

  /** True when the calendar has any working time on that day. */
  isOpenOn(day: number): boolean {
    return this.workingMinutesOfDay(day) > 0;
  }

  /** First day on or after `day` with working time, within the window. */
  firstOpenDayOnOrAfter(day: number): number | undefined {
    const instant = this.nextWorkingInstant(Math.max(day * MINUTES_PER_DAY, this.windowStart));
    return instant === undefined ? undefined : Math.floor(instant / MINUTES_PER_DAY);
  }
}
