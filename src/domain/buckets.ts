/**
 * Time buckets shared by every engine: planning weeks (week w covers
 * [start + 7w, start + 7w + 7) days) and calendar months for S&OP.
 */
import { DAYS_PER_WEEK, formatMonth, isoWeekday, monthDays, monthOfDay, parseDate, type MonthKey } from './dates';

export interface PlanningHorizon {
  /** Day number of the first day of week 0 (a Monday). */
  startDay: number;
  weeks: number;
}

export function horizonOf(start: string, horizonWeeks: number): PlanningHorizon {
  return { startDay: parseDate(start), weeks: horizonWeeks };
}

/** Week index of a day; negative before the horizon, >= weeks after it. */
export function weekOfDay(horizon: PlanningHorizon, day: number): number {
  return Math.floor((day - horizon.startDay) / DAYS_PER_WEEK);
}

export function weekOfDate(horizon: PlanningHorizon, date: string): number {
  return weekOfDay(horizon, parseDate(date));
}

export function firstDayOfWeek(horizon: PlanningHorizon, week: number): number {
  return horizon.startDay + week * DAYS_PER_WEEK;
}

export function endDayOfHorizon(horizon: PlanningHorizon): number {
  return horizon.startDay + horizon.weeks * DAYS_PER_WEEK;
}

/** The months that share at least one day with the horizon, in order, as `YYYY-MM`. */
export function monthsOfHorizon(horizon: PlanningHorizon): string[] {
  const months: string[] = [];
  let current: MonthKey = monthOfDay(horizon.startDay);
  const endDay = endDayOfHorizon(horizon);
  for (;;) {
    if (monthDays(current).first >= endDay) break;
    months.push(formatMonth(current));
    current = nextMonth(current);
  }
  return months;
}

export function nextMonth({ year, month }: MonthKey): MonthKey {
  return month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
}

export interface WeekShare {
  week: number;
  /** Fraction of the month's Monday-Friday days that fall in this week. */
  share: number;
}

/**
 * How a month's quantity spreads over planning weeks: in proportion to the days Monday to
 * Friday of the month in each week. Weeks outside the horizon are left out, so the shares of a
 * month that the horizon only partly covers sum to less than 1: the part outside is not planned.
 */
export function weekSharesOfMonth(horizon: PlanningHorizon, month: MonthKey): WeekShare[] {
  const { first, end } = monthDays(month);
  let weekdays = 0;
  const perWeek = new Map<number, number>();
  for (let day = first; day < end; day++) {
    if (isoWeekday(day) > 5) continue;
    weekdays++;
    const week = weekOfDay(horizon, day);
    if (week < 0 || week >= horizon.weeks) continue;
    perWeek.set(week, (perWeek.get(week) ?? 0) + 1);
  }
  return [...perWeek.entries()].sort((a, b) => a[0] - b[0]).map(([week, days]) => ({ week, share: days / weekdays }));
}
