import { describe, expect, it } from 'vitest';
import { canonicalJson, deviationOf, effectiveEntries, factoryErrors, validateEntry, validateExecutionFile, DEFAULT_TOLERANCE } from '../../src/domain/execution';
import { generateDemoFactory } from '../../src/demo/generator';
import type { ExecutionEntry } from '../../src/domain/types';
import { operationsOfShift, progressByOperation, scheduleDays, shiftsOf, WHOLE_DAY } from '../../src/ui/shopFloor/operations';

const factory = generateDemoFactory({ kind: 'food', size: 'S', seed: 3 });
const routing = factory.routings[0]!;
const step = routing.steps[0]!;
const machine = factory.resources.find((resource) => resource.id === step.resource)!.machines[0]!.id;

function entry(overrides: Partial<ExecutionEntry> = {}): ExecutionEntry {
  return {
    id: '0b9b6a52-3f1e-4c47-9a55-0d6b0e6f2a01',
    site: 'valle',
    device: 'dev-1',
    operation: 'op-1',
    order: 'LOT-1',
    item: routing.item,
    step: step.step,
    machine,
    start: '2026-11-30T06:30',
    end: '2026-11-30T10:00',
    goodQty: 100,
    scrapQty: 0,
    recordedAt: '2026-11-30T09:01:00Z',
    ...overrides,
  };
}

const operation = { id: 'op-1', order: 'LOT-1', item: routing.item, step: step.step, qty: 100, resource: step.resource, machine, setupStart: '2026-11-30T06:00', start: '2026-11-30T06:30', end: '2026-11-30T10:00', setupMinutes: 30, tools: [], operators: 0 };

describe('an execution entry', () => {
  it('is accepted when well formed and names what is wrong otherwise, by path', () => {
    expect(validateEntry(entry()).ok).toBe(true);
    const bad = validateEntry({ ...entry(), id: 'x', goodQty: -1, recordedAt: '2026-11-30 09:01', cause: { category: 'weather', code: 'Rain!' } }, 'entries[4]');
    expect(bad.ok).toBe(false);
    expect(bad.ok ? [] : bad.errors.map((error) => error.path).sort()).toEqual(['entries[4].cause.category', 'entries[4].cause.code', 'entries[4].goodQty', 'entries[4].id', 'entries[4].recordedAt']);
    const backwards = validateEntry(entry({ end: '2026-11-30T06:00' }));
    expect(backwards.ok ? [] : backwards.errors).toEqual([{ path: 'end', message: '2026-11-30T06:00 is before start 2026-11-30T06:30' }]);
    expect(validateEntry({ ...entry(), machine: undefined }).ok).toBe(false);
  });

  it('is checked against the factory: machine, item, step and where the step may run', () => {
    expect(factoryErrors(entry(), factory)).toEqual([]);
    expect(factoryErrors(entry({ machine: 'NOPE' }), factory)[0]!.path).toBe('machine');
    expect(factoryErrors(entry({ item: 'NOPE' }), factory)[0]!.message).toMatch(/item NOPE is not an item/);
    expect(factoryErrors(entry({ step: 999 }), factory)[0]!.message).toMatch(/has no routing step 999/);
    const otherMachine = factory.resources.find((resource) => resource.id !== step.resource)!.machines[0]!.id;
    expect(factoryErrors(entry({ machine: otherMachine }), factory)[0]!.message).toMatch(new RegExp(`runs on ${step.resource}`));
  });

  it('needs a cause beyond the tolerance: 5 % of quantity or 30 minutes by default, always for unplanned work', () => {
    expect(deviationOf(entry(), operation, 0, DEFAULT_TOLERANCE).needsCause).toBe(false);
    expect(deviationOf(entry({ goodQty: 96 }), operation, 0, DEFAULT_TOLERANCE).needsCause).toBe(false);
    expect(deviationOf(entry({ goodQty: 94 }), operation, 0, DEFAULT_TOLERANCE)).toMatchObject({ needsCause: true, qtyPct: -6 });
    expect(deviationOf(entry({ start: '2026-11-30T07:01' }), operation, 0, DEFAULT_TOLERANCE)).toMatchObject({ needsCause: true, startMinutes: 31 });
    expect(deviationOf(entry({ end: '2026-11-30T10:30' }), operation, 0, DEFAULT_TOLERANCE).needsCause).toBe(false);
    // A stop mid-run: the quantity and the end are judged at the finish, the start at once.
    expect(deviationOf(entry({ goodQty: 10, status: 'partial' }), operation, 0, DEFAULT_TOLERANCE).needsCause).toBe(false);
    // A finish after a stop counts the earlier good quantity, and not the start again.
    expect(deviationOf(entry({ goodQty: 60, start: '2026-11-30T08:00' }), operation, 40, DEFAULT_TOLERANCE).needsCause).toBe(false);
    expect(deviationOf(entry(), undefined, 0, DEFAULT_TOLERANCE)).toMatchObject({ unplanned: true, needsCause: true });
    expect(deviationOf(entry({ goodQty: 94 }), operation, 0, { qtyTolerancePct: 10, minutesTolerance: 30 }).needsCause).toBe(false);
  });

  it('counts once when corrected: the last link of a chain, the later of two corrections', () => {
    const a = entry({ id: 'a', recordedAt: '2026-11-30T09:00:00Z' });
    const b = entry({ id: 'b', corrects: 'a', recordedAt: '2026-11-30T10:00:00Z' });
    const c = entry({ id: 'c', corrects: 'b', recordedAt: '2026-11-30T11:00:00Z' });
    const other = entry({ id: 'd', operation: 'op-2' });
    expect(effectiveEntries([a, b, c, other]).map((kept) => kept.id)).toEqual(['c', 'd']);
    const late = entry({ id: 'e', corrects: 'a', recordedAt: '2026-11-30T12:00:00Z' });
    expect(effectiveEntries([a, b, late]).map((kept) => kept.id)).toEqual(['e']);
    expect(progressByOperation([a, entry({ id: 'f', corrects: 'a', goodQty: 70, recordedAt: '2026-11-30T13:00:00Z' })]).get('op-1')).toMatchObject({ goodQty: 70, finished: true });
  });

  it('is the same content whatever its key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: 'x' } })).toBe(canonicalJson({ a: { c: 'x', d: [1, 2] }, b: 1 }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: 2 }));
  });

  it('comes in a ponte.execution/1 file, refused as a whole with every error named', () => {
    const good = JSON.stringify({ format: 'ponte.execution/1', entries: [entry()] });
    expect(validateExecutionFile(good, factory)).toMatchObject({ ok: true, entries: [{ id: entry().id }] });
    const twice = validateExecutionFile(JSON.stringify({ format: 'ponte.execution/1', entries: [entry(), entry({ machine: 'NOPE' })] }), factory);
    expect(twice.ok ? [] : twice.errors.map((error) => error.path)).toEqual(['entries[1].id', 'entries[1].machine']);
    expect(validateExecutionFile('{"format": "ponte.plan/1", "entries": []}').ok).toBe(false);
    expect(validateExecutionFile('{"format": ').ok).toBe(false);
  });
});

describe("a supervisor's shift", () => {
  it('lists the shifts of the work center and the operations that overlap one', () => {
    const shifts = shiftsOf(factory, 'F-PRE');
    expect(shifts.map((shift) => shift.label)).toEqual(['06:00–14:00', '14:00–22:00', 'Whole day']);
    const schedule = { format: 'ponte.schedule/1' as const, operations: [operation, { ...operation, id: 'op-2', setupStart: '2026-11-30T13:30', start: '2026-11-30T14:00', end: '2026-12-01T07:00' }], kpis: { makespanMinutes: 0, totalSetupMinutes: 0, totalTardinessMinutes: 0, lateOrders: 0 }, violations: [] };
    const machines = new Set([machine]);
    expect(scheduleDays(schedule, machines)).toEqual(['2026-11-30', '2026-12-01']);
    expect(operationsOfShift(schedule, machines, '2026-11-30', shifts[0]!).map((op) => op.id)).toEqual(['op-1', 'op-2']);
    expect(operationsOfShift(schedule, machines, '2026-11-30', shifts[1]!).map((op) => op.id)).toEqual(['op-2']);
    expect(operationsOfShift(schedule, machines, '2026-12-01', WHOLE_DAY).map((op) => op.id)).toEqual(['op-2']);
    expect(operationsOfShift(schedule, new Set(['other']), '2026-11-30', WHOLE_DAY)).toEqual([]);
  });
});
