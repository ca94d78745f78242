/**
 * The S&OP grid as the planner edits it: a family × month pivot of the consensus quantity and
 * revenue, edited cell by cell or by a pasted block, with undo and redo; and the mix (family →
 * SKU shares) kept summing to 1. Pure: the view (src/ui/sop) keeps no rule of its own.
 */
import { tsvParseRows } from 'd3-dsv';
import { horizonOf, monthsOfHorizon } from '../../domain/buckets';
import { tryParseMonth } from '../../domain/dates';
import type { Factory } from '../../domain/types';

export type SopPlans = Factory['sop']['plans'];
export type SopMix = Factory['sop']['mix'];
export type Measure = 'qty' | 'revenue';

/** A grid row: one family and one measure (a family has a quantity row and a revenue row). */
export interface SopRow {
  family: string;
  name: string;
  measure: Measure;
}

export interface SopEdit {
  family: string;
  month: string;
  measure: Measure;
  /** undefined clears a revenue (quantity 0 clears nothing: it is a consensus of zero). */
  value: number | undefined;
}

export interface CellError {
  row: number;
  column: number;
  message: string;
}

/** The grid's rows (families in file order, quantity then revenue) and columns (the horizon's months, and any month the plan already has). */
export function sopLayout(factory: Factory): { rows: SopRow[]; months: string[] } {
  const rows = factory.families.flatMap((family) => (['qty', 'revenue'] as const).map((measure) => ({ family: family.id, name: family.name, measure })));
  const months = [...new Set([...monthsOfHorizon(horizonOf(factory.start, factory.horizonWeeks)), ...factory.sop.plans.map((plan) => plan.month)])].filter((month) => tryParseMonth(month)).sort();
  return { rows, months };
}

export function cellValue(plans: SopPlans, family: string, month: string, measure: Measure): number | undefined {
  const plan = plans.find((candidate) => candidate.family === family && candidate.month === month);
  return plan ? (measure === 'qty' ? plan.qty : plan.revenue) : undefined;
}

/** The plan lines after the edits: a line is added where a family-month had none, never half-made. */
export function applyEdits(plans: SopPlans, edits: readonly SopEdit[]): SopPlans {
  const next = plans.map((plan) => ({ ...plan }));
  for (const edit of edits) {
    let plan = next.find((candidate) => candidate.family === edit.family && candidate.month === edit.month);
    if (!plan) {
      if (edit.value === undefined) continue;
      plan = { family: edit.family, month: edit.month, qty: 0 };
      next.push(plan);
    }
    if (edit.measure === 'qty') plan.qty = edit.value ?? 0;
    else if (edit.value === undefined) delete plan.revenue;
    else plan.revenue = edit.value;
  }
  return next;
}

/**
 * A number as a spreadsheet user types or copies it: "1234", "1,234.5", "1 234", "12%"-free.
 * Returns undefined for an empty text, NaN for anything that is not a number ≥ 0.
 */
export function parseQuantity(text: string): number | undefined {
  const trimmed = text.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (trimmed === '') return undefined;
  if (!/^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$/.test(trimmed)) return NaN;
  return Number(trimmed.replace(/,/g, ''));
}

/**
 * Edits from a block pasted at (row, column): tab-separated rows as a spreadsheet copies them.
 * Cells past the grid's edge are refused, as is any cell that is not a number; one bad cell
 * refuses the whole block, so a paste is all or nothing.
 */
export function pasteBlock(text: string, at: { row: number; column: number }, rows: readonly SopRow[], months: readonly string[]): { edits: SopEdit[]; errors: CellError[] } {
  const lines = tsvParseRows(text.replace(/\r\n?/g, '\n').replace(/\n$/, ''));
  const edits: SopEdit[] = [];
  const errors: CellError[] = [];
  lines.forEach((cells, r) => {
    cells.forEach((cell, c) => {
      const row = at.row + r;
      const column = at.column + c;
      const target = rows[row];
      const month = months[column];
      if (!target || month === undefined) {
        errors.push({ row, column, message: `row ${r + 1}, column ${c + 1} of the pasted block falls outside the grid` });
        return;
      }
      const value = parseQuantity(cell);
      if (Number.isNaN(value)) errors.push({ row, column, message: `${target.name} ${target.measure === 'qty' ? 'quantity' : 'revenue'}, ${month}: "${cell}" is not a number of at least 0` });
      else edits.push({ family: target.family, month, measure: target.measure, value: target.measure === 'qty' ? (value ?? 0) : value });
    });
  });
  return errors.length > 0 ? { edits: [], errors } : { edits, errors };
}

/**
 * A family's shares after one SKU's share is set: the others keep their proportions and take
 * what is left, so the family still sums to 1 (to a millionth, the last share absorbing it).
 */
export function setShare(mix: SopMix, family: string, item: string, share: number): SopMix {
  const clamped = Math.min(1, Math.max(0, share));
  const members = mix.filter((entry) => entry.family === family);
  const others = members.filter((entry) => entry.item !== item);
  const othersTotal = others.reduce((sum, entry) => sum + entry.share, 0);
  const left = 1 - clamped;
  const round = (value: number) => Math.round(value * 1e6) / 1e6;
  const shares = new Map<string, number>([[item, round(clamped)]]);
  others.forEach((entry) => shares.set(entry.item, round(othersTotal > 0 ? (entry.share / othersTotal) * left : left / others.length)));
  // Rounding to a millionth can leave the family a millionth off: the largest other share absorbs it.
  const drift = round(1 - [...shares.values()].reduce((sum, value) => sum + value, 0));
  const absorber = others.length > 0 ? others.reduce((best, entry) => (shares.get(entry.item)! > shares.get(best.item)! ? entry : best)) : undefined;
  if (absorber && drift !== 0) shares.set(absorber.item, round(shares.get(absorber.item)! + drift));
  return mix.map((entry) => (entry.family === family && shares.has(entry.item) ? { ...entry, share: shares.get(entry.item)! } : entry));
}

/** Undo and redo over immutable states: each edit (a cell, a pasted block, a share) is one step. */
export class History<T> {
  private past: T[] = [];
  private future: T[] = [];

  constructor(private present: T) {}

  get current(): T {
    return this.present;
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  push(next: T): T {
    this.past.push(this.present);
    this.future = [];
    this.present = next;
    return next;
  }

  undo(): T {
    const previous = this.past.pop();
    if (previous !== undefined) {
      this.future.push(this.present);
      this.present = previous;
    }
    return this.present;
  }

  redo(): T {
    const next = this.future.pop();
    if (next !== undefined) {
      this.past.push(this.present);
      this.present = next;
    }
    return this.present;
  }
}
