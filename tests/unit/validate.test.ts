import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateDemoFactory } from '../../src/demo/generator';
import type { Factory } from '../../src/domain/types';
import { formatPath, validateFactory, validateFactoryText } from '../../src/domain/validate';

const base = (): Factory => structuredClone(generateDemoFactory({ kind: 'mixed', size: 'S', seed: 5 }));

function errorsOf(change: (factory: Factory & Record<string, unknown>) => void) {
  const factory = base() as Factory & Record<string, unknown>;
  change(factory);
  const result = validateFactory(JSON.parse(JSON.stringify(factory)));
  expect(result.ok).toBe(false);
  return result.errors;
}

describe('validateFactory', () => {
  it('accepts the demo factories', () => {
    expect(validateFactory(base()).errors).toEqual([]);
  });

  it('returns the input itself, unknown keys included', () => {
    const factory = { ...base(), somethingNew: { a: 1 } };
    const result = validateFactory(factory);
    expect(result.ok && result.factory).toBe(factory);
  });

  it('names the path of a dangling reference', () => {
    expect(errorsOf((f) => (f.boms[3]!.component = 'GHOST'))).toContainEqual({ path: 'boms[3].component', message: 'item "GHOST" does not exist' });
    expect(errorsOf((f) => (f.routings[0]!.steps[0]!.resource = 'NOWHERE'))).toContainEqual({ path: 'routings[0].steps[0].resource', message: 'work center "NOWHERE" does not exist' });
    expect(errorsOf((f) => (f.suppliers[1]!.calendar = 'CAL-X'))).toContainEqual({ path: 'suppliers[1].calendar', message: 'calendar "CAL-X" does not exist' });
    expect(errorsOf((f) => (f.policy.laborPool = 'NOBODY'))).toContainEqual({ path: 'policy.laborPool', message: 'labor pool "NOBODY" does not exist' });
  });

  it('finds a BOM cycle and says which items form it', () => {
    const errors = errorsOf((f) => {
      const line = f.boms.find((bom) => f.items.find((item) => item.id === bom.component)?.type === 'intermediate')!;
      f.boms.push({ parent: line.component, component: line.parent, qtyPer: 1 });
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/^BOM cycle: (\S+) → (\S+) → \1$/);
  });

  it('refuses a start that is not a Monday', () => {
    expect(errorsOf((f) => (f.start = '2026-12-01'))).toContainEqual({ path: 'start', message: '2026-12-01 is not a Monday (week 0 must start on a Monday)' });
  });

  it('refuses negative quantities, wherever they are', () => {
    expect(errorsOf((f) => (f.items[4]!.onHand = -1))).toEqual([{ path: 'items[4].onHand', message: 'must not be negative' }]);
    expect(errorsOf((f) => (f.orders[0]!.qty = -5))).toEqual([{ path: 'orders[0].qty', message: 'must not be negative' }]);
  });

  it('refuses mix shares that do not sum to 1', () => {
    const errors = errorsOf((f) => (f.sop.mix[0]!.share += 0.1));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: 'sop.mix' });
    expect(errors[0]!.message).toMatch(/^shares of family "\w+" sum to 1\.1, not 1$/);
  });

  it('refuses duplicate ids and wrong item types', () => {
    expect(errorsOf((f) => (f.items[1]!.id = f.items[0]!.id))).toContainEqual({ path: 'items[1].id', message: `duplicate id "${base().items[0]!.id}" in items` });
    const purchased = base().items.find((item) => item.type === 'purchased')!.id;
    expect(errorsOf((f) => (f.orders[0]!.item = purchased))).toContainEqual({ path: 'orders[0].item', message: `item "${purchased}" is purchased, but an ordered item must be finished` });
  });

  it('refuses shapes the spec does not allow', () => {
    expect(errorsOf((f) => (f.horizonWeeks = 105))).toEqual([{ path: 'horizonWeeks', message: 'must be 1..104' }]);
    expect(errorsOf((f) => (f.calendars[0]!.shifts[0]!.from = '6am'))).toEqual([{ path: 'calendars[0].shifts[0].from', message: 'must be a time of day HH:MM (00:00 to 24:00)' }]);
    expect(errorsOf((f) => ((f.items[0] as { type: string }).type = 'bought'))).toEqual([{ path: 'items[0].type', message: 'must be "finished", "intermediate" or "purchased"' }]);
    expect(errorsOf((f) => (f.format = 'ponte.factory/2' as 'ponte.factory/1'))).toEqual([{ path: 'format', message: 'must be "ponte.factory/1"' }]);
    expect(errorsOf((f) => delete (f as Partial<Factory>).policy)).toEqual([{ path: 'policy', message: 'is required' }]);
  });

  it('reports every error of a file at once', () => {
    const errors = errorsOf((f) => {
      f.items[0]!.onHand = -1;
      f.items[1]!.unitCost = Number.NaN;
      f.orders[2]!.due = '2026-02-31';
    });
    expect(errors.map((error) => error.path)).toEqual(['items[0].onHand', 'items[1].unitCost', 'orders[2].due']);
  });
});

describe('validateFactoryText', () => {
  it('locates malformed JSON by line and column', () => {
    const result = validateFactoryText('{\n  "format": "ponte.factory/1",\n  "name": \n}');
    expect(result.errors).toEqual([{ path: '', message: 'malformed JSON at line 4, column 1: ValueExpected' }]);
  });

  it('refuses a document that is not an object', () => {
    expect(validateFactoryText('[1,2]').errors).toEqual([{ path: '', message: 'a factory file is a JSON object, not an array' }]);
  });
});

describe('formatPath', () => {
  it('writes JSON paths the way planners read them', () => {
    expect(formatPath(['items', 12, 'family'])).toBe('items[12].family');
    expect(formatPath(['weird key', 0])).toBe('["weird key"][0]');
  });
});

const example = new URL('../../../shared/spec/example-factory.json', import.meta.url);
describe.runIf(existsSync(example))('the spec example', () => {
  it('validates', () => {
    expect(validateFactoryText(readFileSync(example, 'utf8')).errors).toEqual([]);
  });
});
