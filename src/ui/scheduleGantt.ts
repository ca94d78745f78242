/** The Gantt's geometry: bars per machine on a minute axis, ticks at midnight. */
import { scaleBand, scaleLinear, scaleOrdinal } from 'd3-scale';
import { formatDate, isoWeekday, MINUTES_PER_DAY, parseInstant } from '../domain/dates';
import type { Schedule } from '../domain/types';

export interface GanttBar {
  id: string;
  item: string;
  machine: string;
  setupX: number;
  x: number;
  endX: number;
  y: number;
  color: string;
  title: string;
}

export interface GanttLayout {
  width: number;
  height: number;
  rowHeight: number;
  machines: { id: string; label: string; y: number }[];
  ticks: { x: number; label: string }[];
  bars: GanttBar[];
}

const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
export const LABEL_WIDTH = 90;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function ganttLayout(schedule: Schedule, width = 1100, rowHeight = 22): GanttLayout {
  const operations = schedule.operations.map((operation) => ({ operation, setupStart: parseInstant(operation.setupStart), start: parseInstant(operation.start), end: parseInstant(operation.end) }));
  // Machine ids are unique only within their work center: a row is a work center's machine.
  const rowOf = (operation: Schedule['operations'][number]) => `${operation.resource}/${operation.machine}`;
  const rows = [...new Set(schedule.operations.map(rowOf))].sort();
  const ambiguous = new Set(schedule.operations.map((operation) => operation.machine)).size < rows.length;
  const first = Math.min(...operations.map((entry) => entry.setupStart));
  const last = Math.max(...operations.map((entry) => entry.end));
  const from = Math.floor(first / MINUTES_PER_DAY) * MINUTES_PER_DAY;
  const to = Math.ceil(last / MINUTES_PER_DAY) * MINUTES_PER_DAY;
  const x = scaleLinear().domain([from, Math.max(to, from + MINUTES_PER_DAY)]).range([LABEL_WIDTH, width - 10]);
  const y = scaleBand().domain(rows).range([20, 20 + rows.length * rowHeight]).padding(0.15);
  // One colour per item: the same product reads the same across machines and steps.
  const color = scaleOrdinal<string, string>().range(PALETTE);
  const ticks: GanttLayout['ticks'] = [];
  for (let day = from; day <= to; day += MINUTES_PER_DAY) ticks.push({ x: x(day), label: `${WEEKDAYS[isoWeekday(day / MINUTES_PER_DAY) - 1]} ${formatDate(day / MINUTES_PER_DAY).slice(5)}` });
  return {
    width,
    height: 20 + rows.length * rowHeight + 4,
    rowHeight: y.bandwidth(),
    machines: rows.map((row) => ({ id: row, label: ambiguous ? row : row.slice(row.indexOf('/') + 1), y: y(row)! })),
    ticks,
    bars: operations.map(({ operation, setupStart, start, end }) => ({
      id: operation.id,
      item: operation.item,
      machine: operation.machine,
      setupX: x(setupStart),
      x: x(start),
      endX: x(end),
      y: y(rowOf(operation))!,
      color: color(operation.item),
      title: `${operation.item} · ${operation.qty} · ${operation.start.replace('T', ' ')} → ${operation.end.replace('T', ' ')}${operation.setupMinutes ? ` · setup ${operation.setupMinutes} min` : ''}`,
    })),
  };
}
