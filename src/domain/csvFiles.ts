/**
 * The S&OP plan, firm orders and forecast overrides as CSV files, in and out, for planners who
 * live in spreadsheets. A file is read whole and checked row by row against the factory: every
 * error says its row (as the spreadsheet numbers it, the header being row 1), its column and
 * what is wrong ("row 14, column month: 2027-13 is not a month"); a file with any error is
 * refused whole, so nothing is stored from it. Parsing by d3-dsv (quotes, commas in fields).
 */
import { csvFormatRows, csvParseRows } from 'd3-dsv';
import { tryParseDate, tryParseMonth } from './dates';
import type { Factory } from './types';

export type CsvKind = 'sop' | 'orders' | 'forecast';

export interface CsvRowError {
  row: number;
  column: string;
  message: string;
}

export type CsvResult<T> = { ok: true; rows: T[] } | { ok: false; errors: CsvRowError[] };

const COLUMNS: Record<CsvKind, { required: string[]; optional: string[] }> = {
  sop: { required: ['family', 'month', 'qty'], optional: ['revenue'] },
  orders: { required: ['id', 'item', 'qty', 'due'], optional: ['priority'] },
  forecast: { required: ['item', 'week', 'qty'], optional: [] },
};

export const CSV_LABELS: Record<CsvKind, string> = { sop: 'S&OP plan', orders: 'firm orders', forecast: 'forecast overrides' };

type Row = Record<string, string>;

function readTable(text: string, kind: CsvKind): { rows: { line: number; cells: Row }[] } | { errors: CsvRowError[] } {
  const table = csvParseRows(text.replace(/^\uFEFF/, ''));
  const header = (table[0] ?? []).map((name) => name.trim().toLowerCase());
  const { required, optional } = COLUMNS[kind];
  const missing = required.filter((name) => !header.includes(name));
  if (table.length === 0 || missing.length > 0) {
    return { errors: [{ row: 1, column: missing[0] ?? required[0]!, message: `row 1: the header must name the columns ${[...required, ...optional.map((name) => `${name} (optional)`)].join(', ')}; ${missing.length > 0 ? `missing ${missing.join(', ')}` : 'the file is empty'}` }] };
  }
  const unknown = header.filter((name) => name !== '' && !required.includes(name) && !optional.includes(name));
  if (unknown.length > 0) return { errors: [{ row: 1, column: unknown[0]!, message: `row 1, column ${unknown[0]}: not a column of the ${CSV_LABELS[kind]} (expected ${[...required, ...optional].join(', ')})` }] };
  const rows: { line: number; cells: Row }[] = [];
  table.slice(1).forEach((cells, index) => {
    if (cells.every((cell) => cell.trim() === '')) return;
    rows.push({ line: index + 2, cells: Object.fromEntries(header.map((name, column) => [name, (cells[column] ?? '').trim()])) });
  });
  return { rows };
}

function number(text: string): number | undefined {
  if (text === '' || !/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(text)) return undefined;
  return Number(text);
}

/** Reads a CSV file of the given kind against the factory it is for. */
export function parseCsv(kind: 'sop', text: string, factory: Factory): CsvResult<Factory['sop']['plans'][number]>;
export function parseCsv(kind: 'orders', text: string, factory: Factory): CsvResult<Factory['orders'][number]>;
export function parseCsv(kind: 'forecast', text: string, factory: Factory): CsvResult<Factory['forecast'][number]>;
export function parseCsv(kind: CsvKind, text: string, factory: Factory): CsvResult<unknown> {
  const table = readTable(text, kind);
  if ('errors' in table) return { ok: false, errors: table.errors };
  const errors: CsvRowError[] = [];
  const fail = (row: number, column: string, message: string) => errors.push({ row, column, message: `row ${row}, column ${column}: ${message}` });
  const families = new Set(factory.families.map((family) => family.id));
  const finished = new Set(factory.items.filter((item) => item.type === 'finished').map((item) => item.id));
  const items = new Set(factory.items.map((item) => item.id));
  const quantity = (line: number, column: string, text: string, { positive = false, optional = false } = {}) => {
    if (optional && text === '') return undefined;
    const value = number(text);
    if (value === undefined || value < 0 || (positive && value === 0)) fail(line, column, text === '' ? 'is empty' : `${text} is not a ${positive ? 'quantity greater than 0' : 'number of at least 0'}`);
    return value;
  };
  const item = (line: number, text: string) => {
    if (!items.has(text)) fail(line, 'item', text === '' ? 'is empty' : `${text} is not an item of this factory`);
    else if (!finished.has(text)) fail(line, 'item', `${text} is not a finished item (orders and forecasts are for finished items)`);
    return text;
  };
  const seen = new Map<string, number>();
  const unique = (line: number, column: string, key: string, what: string) => {
    const first = seen.get(key);
    if (first !== undefined) fail(line, column, `${what} is already on row ${first}`);
    else seen.set(key, line);
  };
  const rows: unknown[] = [];
  for (const { line, cells } of table.rows) {
    if (kind === 'sop') {
      if (!families.has(cells.family!)) fail(line, 'family', cells.family === '' ? 'is empty' : `${cells.family} is not a family of this factory`);
      if (!tryParseMonth(cells.month!)) fail(line, 'month', cells.month === '' ? 'is empty' : `${cells.month} is not a month (YYYY-MM)`);
      const qty = quantity(line, 'qty', cells.qty!);
      const revenue = quantity(line, 'revenue', cells.revenue ?? '', { optional: true });
      unique(line, 'month', `${cells.family}|${cells.month}`, `${cells.family} ${cells.month}`);
      rows.push({ family: cells.family, month: cells.month, qty, ...(revenue !== undefined ? { revenue } : {}) });
    } else if (kind === 'orders') {
      if (cells.id === '') fail(line, 'id', 'is empty');
      else unique(line, 'id', cells.id!, `order ${cells.id}`);
      const itemId = item(line, cells.item!);
      const qty = quantity(line, 'qty', cells.qty!, { positive: true });
      if (tryParseDate(cells.due!) === undefined) fail(line, 'due', cells.due === '' ? 'is empty' : `${cells.due} is not a date (YYYY-MM-DD)`);
      let priority: number | undefined;
      if ((cells.priority ?? '') !== '') {
        priority = number(cells.priority!);
        if (priority === undefined || !Number.isInteger(priority) || priority < 1 || priority > 9) fail(line, 'priority', `${cells.priority} is not a priority from 1 (highest) to 9`);
      }
      rows.push({ id: cells.id, item: itemId, qty, due: cells.due, ...(priority !== undefined ? { priority } : {}) });
    } else {
      const itemId = item(line, cells.item!);
      const week = number(cells.week!);
      if (week === undefined || !Number.isInteger(week) || week < 0 || week >= factory.horizonWeeks) fail(line, 'week', `${cells.week === '' ? 'is empty' : `${cells.week} is not a week of the horizon`} (0 to ${factory.horizonWeeks - 1})`);
      const qty = quantity(line, 'qty', cells.qty!);
      unique(line, 'week', `${itemId}|${week}`, `${itemId} week ${week}`);
      rows.push({ item: itemId, week, qty });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows };
}

/** The factory's S&OP plan, orders or forecast as a CSV file that `parseCsv` reads back. */
export function formatCsv(kind: CsvKind, factory: Factory): string {
  const header = [...COLUMNS[kind].required, ...COLUMNS[kind].optional];
  const cells = (value: unknown) => (value === undefined ? '' : String(value));
  const body =
    kind === 'sop'
      ? factory.sop.plans.map((plan) => [plan.family, plan.month, plan.qty, plan.revenue])
      : kind === 'orders'
        ? factory.orders.map((order) => [order.id, order.item, order.qty, order.due, order.priority])
        : factory.forecast.map((line) => [line.item, line.week, line.qty]);
  return `${csvFormatRows([header, ...body.map((row) => row.map(cells))])}\n`;
}

/** The factory with the file's rows in place of its S&OP plan, orders or forecast. */
export function withCsvRows(factory: Factory, kind: CsvKind, rows: unknown[]): Factory {
  if (kind === 'sop') return { ...factory, sop: { ...factory.sop, plans: rows as Factory['sop']['plans'] } };
  if (kind === 'orders') return { ...factory, orders: rows as Factory['orders'] };
  return { ...factory, forecast: rows as Factory['forecast'] };
}
