/**
 * Execution entries (`ponte.execution/1`): what a supervisor records on the shop floor. The
 * same checks run on the tablet, in the command line and in the site server: the entry's shape
 * (schema.ts), then that it names a machine, an item and a step of the site's factory, and
 * whether its deviation from the planned operation needs a cause.
 */
import * as v from 'valibot';
import { MINUTES_PER_DAY, parseDate, parseTimeOfDay } from './dates';
import { executionEntrySchema, executionFileSchema, type CAUSE_CATEGORIES } from './schema';
import type { ExecutionEntry, Factory, Schedule } from './types';
import { formatPath, parseJson, type ValidationError } from './validate';

export type CauseCategory = (typeof CAUSE_CATEGORIES)[number];

/** The cause codes a tablet offers, by category: the spec's, and a few every plant asks for. */
export const CAUSE_CODES: Record<CauseCategory, { code: string; label: string }[]> = {
  execution: [
    { code: 'machine-breakdown', label: 'Machine breakdown' },
    { code: 'operator-absence', label: 'Operator absence' },
    { code: 'setup-overrun', label: 'Setup took longer' },
    { code: 'quality-hold', label: 'Quality hold' },
    { code: 'tool-unavailable', label: 'Tool unavailable' },
  ],
  planning: [
    { code: 'capacity-assumption', label: 'Capacity assumption wrong' },
    { code: 'lead-time-assumption', label: 'Lead time assumption wrong' },
    { code: 'rate-assumption', label: 'Run rate assumption wrong' },
    { code: 'schedule-change', label: 'Schedule changed on the floor' },
  ],
  demand: [
    { code: 'demand-change', label: 'Demand changed' },
    { code: 'rush-order', label: 'Rush order' },
  ],
  supply: [
    { code: 'material-shortage', label: 'Material shortage' },
    { code: 'component-quality', label: 'Component quality' },
    { code: 'supplier-late', label: 'Supplier late' },
  ],
};

export interface ExecutionTolerance {
  qtyTolerancePct: number;
  minutesTolerance: number;
}

export const DEFAULT_TOLERANCE: ExecutionTolerance = { qtyTolerancePct: 5, minutesTolerance: 30 };

export function toleranceOf(factory: Pick<Factory, 'policy'> | undefined): ExecutionTolerance {
  const policy = factory?.policy.execution;
  return { qtyTolerancePct: policy?.qtyTolerancePct ?? DEFAULT_TOLERANCE.qtyTolerancePct, minutesTolerance: policy?.minutesTolerance ?? DEFAULT_TOLERANCE.minutesTolerance };
}

/** Minutes since 1970-01-01T00:00 factory-local of `YYYY-MM-DDTHH:MM[:SS]`. */
export function localMinutes(text: string): number {
  return parseDate(text.slice(0, 10)) * MINUTES_PER_DAY + parseTimeOfDay(text.slice(11, 16));
}

export type EntryCheck = { ok: true; entry: ExecutionEntry } | { ok: false; errors: ValidationError[] };

/** The entry's shape and its own consistency; `path` prefixes each error (`entries[3]`). */
export function validateEntry(input: unknown, path = ''): EntryCheck {
  const prefix = (inner: string) => (path && inner ? `${path}.${inner}` : path || inner).replace('.[', '[');
  const shape = v.safeParse(executionEntrySchema, input, { abortEarly: false });
  if (!shape.success) {
    return {
      ok: false,
      errors: shape.issues.map((issue) => ({
        path: prefix(formatPath((issue.path ?? []).map((item) => item.key as string | number))),
        message: issue.input === undefined && issue.message.startsWith('Invalid key') ? 'is required' : issue.message,
      })),
    };
  }
  const entry = shape.output;
  const errors: ValidationError[] = [];
  if (localMinutes(entry.end) < localMinutes(entry.start)) errors.push({ path: prefix('end'), message: `${entry.end} is before start ${entry.start}` });
  if (entry.corrects === entry.id) errors.push({ path: prefix('corrects'), message: 'an entry cannot correct itself' });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, entry };
}

/** What the site's factory says of the entry: its machine, item and step exist and belong together. */
export function factoryErrors(entry: ExecutionEntry, factory: Factory, path = ''): ValidationError[] {
  const at = (key: string) => (path ? `${path}.${key}` : key);
  const errors: ValidationError[] = [];
  const resource = factory.resources.find((candidate) => candidate.machines.some((machine) => machine.id === entry.machine));
  if (!resource) errors.push({ path: at('machine'), message: `machine ${entry.machine} is not a machine of factory "${factory.name}"` });
  const item = factory.items.find((candidate) => candidate.id === entry.item);
  if (!item) return [...errors, { path: at('item'), message: `item ${entry.item} is not an item of factory "${factory.name}"` }];
  const routing = factory.routings.find((candidate) => candidate.item === entry.item);
  const step = routing?.steps.find((candidate) => candidate.step === entry.step);
  if (!step) return [...errors, { path: at('step'), message: `item ${entry.item} has no routing step ${entry.step}` }];
  if (resource && step.resource !== resource.id) errors.push({ path: at('machine'), message: `machine ${entry.machine} is on ${resource.id}, but step ${entry.step} of ${entry.item} runs on ${step.resource}` });
  else if (resource && step.machines && !step.machines.some((allowed) => allowed.machine === entry.machine)) errors.push({ path: at('machine'), message: `step ${entry.step} of ${entry.item} may not run on machine ${entry.machine}` });
  return errors;
}

export type ScheduledOperation = Schedule['operations'][number];

export interface Deviation {
  /** Executed good quantity of the operation so far against its planned quantity. */
  qtyPct: number | undefined;
  startMinutes: number | undefined;
  endMinutes: number | undefined;
  unplanned: boolean;
  needsCause: boolean;
}

/**
 * How far an entry's run lies from its planned operation, and whether a cause is required:
 * unplanned work always; a start later or earlier than the tolerance; on a finish, a quantity
 * (good, with the operation's earlier entries) or an end beyond the tolerance.
 */
export function deviationOf(entry: Pick<ExecutionEntry, 'start' | 'end' | 'goodQty' | 'status'>, operation: ScheduledOperation | undefined, earlierGoodQty: number, tolerance: ExecutionTolerance): Deviation {
  if (!operation) return { qtyPct: undefined, startMinutes: undefined, endMinutes: undefined, unplanned: true, needsCause: true };
  const startMinutes = earlierGoodQty > 0 ? undefined : localMinutes(entry.start) - localMinutes(operation.start);
  const finished = entry.status !== 'partial';
  const executed = earlierGoodQty + entry.goodQty;
  const qtyPct = operation.qty > 0 ? ((executed - operation.qty) / operation.qty) * 100 : executed > 0 ? Infinity : 0;
  const endMinutes = finished ? localMinutes(entry.end) - localMinutes(operation.end) : undefined;
  const needsCause =
    (startMinutes !== undefined && Math.abs(startMinutes) > tolerance.minutesTolerance) ||
    (finished && (Math.abs(qtyPct) > tolerance.qtyTolerancePct || Math.abs(endMinutes!) > tolerance.minutesTolerance));
  return { qtyPct: finished ? qtyPct : undefined, startMinutes, endMinutes, unplanned: false, needsCause };
}

export type EntriesFileCheck = { ok: true; entries: ExecutionEntry[] } | { ok: false; errors: ValidationError[] };

/** A `ponte.execution/1` file: every entry checked, refused as a whole if any is wrong. */
export function validateExecutionFile(text: string, factory?: Factory): EntriesFileCheck {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  const shape = v.safeParse(executionFileSchema, parsed.value);
  if (!shape.success) return { ok: false, errors: shape.issues.map((issue) => ({ path: formatPath((issue.path ?? []).map((item) => item.key as string)), message: issue.message })) };
  const errors: ValidationError[] = [];
  const entries: ExecutionEntry[] = [];
  const seen = new Set<string>();
  shape.output.entries.forEach((input, index) => {
    const path = `entries[${index}]`;
    const check = validateEntry(input, path);
    if (!check.ok) return void errors.push(...check.errors);
    if (seen.has(check.entry.id)) errors.push({ path: `${path}.id`, message: `${check.entry.id} appears twice` });
    seen.add(check.entry.id);
    if (factory) errors.push(...factoryErrors(check.entry, factory, path));
    entries.push(check.entry);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, entries };
}

/** The same JSON for the same content, whatever the key order: what "the same entry" means to sync. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, inner]) => inner !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The entries that count: an entry that a later one `corrects` is replaced by it (a chain of
 * corrections ends at its last link; two corrections of one entry: the later recorded wins).
 */
export function effectiveEntries<T extends Pick<ExecutionEntry, 'id' | 'corrects' | 'recordedAt'>>(entries: readonly T[]): T[] {
  const latestCorrection = new Map<string, T>();
  for (const entry of entries) {
    if (!entry.corrects) continue;
    const known = latestCorrection.get(entry.corrects);
    if (!known || known.recordedAt < entry.recordedAt || (known.recordedAt === entry.recordedAt && known.id < entry.id)) latestCorrection.set(entry.corrects, entry);
  }
  const superseded = new Set<string>();
  for (const [corrected, correction] of latestCorrection) {
    superseded.add(corrected);
    // Other corrections of the same entry lost to this one.
    for (const entry of entries) if (entry.corrects === corrected && entry !== correction) superseded.add(entry.id);
  }
  return entries.filter((entry) => !superseded.has(entry.id));
}
