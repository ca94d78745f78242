/** The Gantt's geometry: bars per machine on a minute axis, ticks at midnight. */
import { scaleBand, scaleLinear, scaleOrdinal } from 'd3-scale';
import { formatDate, isoWeekday, MINUTES_PER_DAY, parseInstant } from '../domain/dates';
import type { Schedule } from '../domain/types';

export interface GanttBar {
  id: string;
  item: string;
  machine: string;
  /** The operation's setup start as the schedule writes it. */
  setupStart: string;
  setupX: number;
  x: number;
  endX: number;
  y: number;
  color: string;
  title: string;
}

export interface GanttLayout {
  /** The minutes shown, from the left end of the bars' area to its right. */
  from: number;
  to: number;
  width: number;
  height: number;
  rowHeight: number;
  machines: { id: string; resource: string; machine: string; label: string; y: number }[];
  ticks: { x: number; label: string }[];
  bars: GanttBar[];
}

const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
export const LABEL_WIDTH = 90;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** How much time the Gantt shows at once: the whole schedule (a week), a day, or an 8-hour shift. */
export type GanttZoom = 'week' | 'day' | 'shift';
export const ZOOM_MINUTES: Record<Exclude<GanttZoom, 'week'>, number> = { day: MINUTES_PER_DAY, shift: 480 };

/** The schedule's first and last minute, whole days around them. */
export function ganttSpan(schedule: Schedule): { from: number; to: number } {
  let first = Infinity;
  let last = -Infinity;
  for (const operation of schedule.operations) {
    first = Math.min(first, parseInstant(operation.setupStart));
    last = Math.max(last, parseInstant(operation.end));
  }
  const from = Math.floor(first / MINUTES_PER_DAY) * MINUTES_PER_DAY;
  return { from, to: Math.max(Math.ceil(last / MINUTES_PER_DAY) * MINUTES_PER_DAY, from + MINUTES_PER_DAY) };
}

/**
 * `window`: the minutes shown (a day, a shift); bars outside it are left out and bars across its
 * edges are cut at them, so a zoomed Gantt draws only what it shows.
 */
export function ganttLayout(schedule: Schedule, width = 1100, rowHeight = 22, window?: { from: number; to: number }): GanttLayout {
  const operations = schedule.operations.map((operation) => ({ operation, setupStart: parseInstant(operation.setupStart), start: parseInstant(operation.start), end: parseInstant(operation.end) }));
  // Machine ids are unique only within their work center: a row is a work center's machine.
  const rowOf = (operation: Schedule['operations'][number]) => `${operation.resource}/${operation.machine}`;
  const rows = [...new Set(schedule.operations.map(rowOf))].sort();
  const ambiguous = new Set(schedule.operations.map((operation) => operation.machine)).size < rows.length;
  const { from, to } = window ?? ganttSpan(schedule);
  const x = scaleLinear().domain([from, to]).range([LABEL_WIDTH, width - 10]).clamp(true);
  const y = scaleBand().domain(rows).range([20, 20 + rows.length * rowHeight]).padding(0.15);
  // One colour per item: the same product reads the same across machines and steps.
  const color = scaleOrdinal<string, string>().range(PALETTE);
  const ticks: GanttLayout['ticks'] = [];
  const span = to - from;
  const step = span > 2 * MINUTES_PER_DAY ? MINUTES_PER_DAY : span > 600 ? 120 : 60;
  const clock = (minute: number) => `${String(Math.floor((minute % MINUTES_PER_DAY) / 60)).padStart(2, '0')}:00`;
  for (let tick = Math.ceil(from / step) * step; tick <= to; tick += step) {
    const day = Math.floor(tick / MINUTES_PER_DAY);
    const dayLabel = `${WEEKDAYS[isoWeekday(day) - 1]} ${formatDate(day).slice(5)}`;
    // The day at midnight, the clock between: a zoomed Gantt's labels never run into each other.
    ticks.push({ x: x(tick), label: step === MINUTES_PER_DAY || tick % MINUTES_PER_DAY === 0 ? dayLabel : clock(tick) });
  }
  const shown = window ? operations.filter((entry) => entry.end > from && entry.setupStart < to) : operations;
  return {
    from,
    to,
    width,
    height: 20 + rows.length * rowHeight + 4,
    rowHeight: y.bandwidth(),
    machines: rows.map((row) => ({ id: row, resource: row.slice(0, row.indexOf('/')), machine: row.slice(row.indexOf('/') + 1), label: ambiguous ? row : row.slice(row.indexOf('/') + 1), y: y(row)! })),
    ticks,
    bars: shown.map(({ operation, setupStart, start, end }) => ({
      id: operation.id,
      item: operation.item,
      machine: operation.machine,
      setupStart: operation.setupStart,
      setupX: x(setupStart),
      x: x(start),
      endX: x(end),
      y: y(rowOf(operation))!,
      color: color(operation.item),
      title: `${operation.item} · ${operation.qty} · ${operation.start.replace('T', ' ')} → ${operation.end.replace('T', ' ')}${operation.setupMinutes ? ` · setup ${operation.setupMinutes} min` : ''}`,
    })),
  };
}

/** The minute under an x of the Gantt's bar area, and the machine row under a y (the nearest). */
export function ganttPointAt(layout: GanttLayout, x: number, y: number): { minute: number; row: GanttLayout['machines'][number] | undefined } {
  const share = (x - LABEL_WIDTH) / Math.max(1, layout.width - 10 - LABEL_WIDTH);
  const minute = layout.from + Math.min(1, Math.max(0, share)) * (layout.to - layout.from);
  let row: GanttLayout['machines'][number] | undefined;
  let distance = Infinity;
  for (const candidate of layout.machines) {
    const centre = candidate.y + layout.rowHeight / 2;
    if (Math.abs(centre - y) < distance) {
      distance = Math.abs(centre - y);
      row = candidate;
    }
  }
  return { minute, row };
}
