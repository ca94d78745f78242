/**
 * Validation of a factory file: its shape (schema.ts), then the rules that tie its parts
 * together (every reference resolves, ids are unique, the BOM is acyclic, mix shares sum to 1,
 * the horizon starts on a Monday...). A refused file yields every error found, each naming the
 * JSON path (`items[12].family`) and what is wrong.
 */
import { parse as parseTolerant, printParseErrorCode, type ParseError } from 'jsonc-parser';
import * as v from 'valibot';
import { isoWeekday, parseDate } from './dates';
import { factorySchema } from './schema';
import type { Factory } from './types';

export interface ValidationError {
  /** JSON path of the offending value, `items[12].family`; empty for the document itself. */
  path: string;
  message: string;
}

export type ValidationResult =
  | { ok: true; factory: Factory; errors: [] }
  | { ok: false; factory?: undefined; errors: ValidationError[] };

type PathKey = string | number;

export function formatPath(keys: readonly PathKey[]): string {
  let path = '';
  for (const key of keys) {
    if (typeof key === 'number') path += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(key)) path += path === '' ? key : `.${key}`;
    else path += `[${JSON.stringify(key)}]`;
  }
  return path;
}

/** Parses JSON text, turning a syntax error into one that says at which line and column. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; errors: ValidationError[] } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    // JSON.parse's message has no position on every engine; a strict jsonc-parser pass finds it.
    const found: ParseError[] = [];
    parseTolerant(text, found, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = found[0];
    if (!first) return { ok: false, errors: [{ path: '', message: `malformed JSON: ${String(error)}` }] };
    const lines = text.slice(0, first.offset).split('\n');
    const where = `line ${lines.length}, column ${lines[lines.length - 1]!.length + 1}`;
    return { ok: false, errors: [{ path: '', message: `malformed JSON at ${where}: ${printParseErrorCode(first.error)}` }] };
  }
}

export function validateFactoryText(text: string): ValidationResult {
  const parsed = parseJson(text);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  return validateFactory(parsed.value);
}

/**
 * Validates a parsed document. On success `factory` is the input itself (unknown keys and all),
 * typed: defaults are not written into it, so exporting it gives back what was imported.
 */
export function validateFactory(input: unknown): ValidationResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ path: '', message: `a factory file is a JSON object, not ${Array.isArray(input) ? 'an array' : input === null ? 'null' : `a ${typeof input}`}` }] };
  }
  const shape = v.safeParse(factorySchema, input, { abortEarly: false });
  if (!shape.success) {
    const errors = shape.issues.map((issue) => ({
      path: formatPath((issue.path ?? []).map((item) => item.key as PathKey)),
      // valibot words a missing key as an invalid one; planners read "is required" better.
      message: issue.input === undefined && issue.message.startsWith('Invalid key') ? 'is required' : issue.message,
    }));
    return { ok: false, errors: dedupe(errors) };
  }
  const errors = crossReferenceErrors(shape.output);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, factory: input as Factory, errors: [] };
}

function dedupe(errors: ValidationError[]): ValidationError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.path}\u0000${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const SHARE_TOLERANCE = 1e-6;

/** The rules that span several lists; `factory` has already passed the schema. */
export function crossReferenceErrors(factory: Factory): ValidationError[] {
  const errors: ValidationError[] = [];
  const fail = (keys: PathKey[], message: string) => errors.push({ path: formatPath(keys), message });

  const startDay = parseDate(factory.start);
  if (isoWeekday(startDay) !== 1) fail(['start'], `${factory.start} is not a Monday (week 0 must start on a Monday)`);

  const indexById = <T extends { id: string }>(listName: string, list: readonly T[]): Map<string, T> => {
    const byId = new Map<string, T>();
    list.forEach((entry, index) => {
      if (byId.has(entry.id)) fail([listName, index, 'id'], `duplicate id "${entry.id}" in ${listName}`);
      else byId.set(entry.id, entry);
    });
    return byId;
  };
  const calendars = indexById('calendars', factory.calendars);
  const families = indexById('families', factory.families);
  const items = indexById('items', factory.items);
  const resources = indexById('resources', factory.resources);
  const tools = indexById('tools', factory.tools);
  const laborPools = indexById('laborPools', factory.laborPools);
  const suppliers = indexById('suppliers', factory.suppliers);
  indexById('openProductionOrders', factory.openProductionOrders);
  indexById('openPurchaseOrders', factory.openPurchaseOrders);
  indexById('orders', factory.orders);

  const mustResolve = <T>(byId: Map<string, T>, what: string, keys: PathKey[], ref: string): T | undefined => {
    const found = byId.get(ref);
    if (!found) fail(keys, `${what} "${ref}" does not exist`);
    return found;
  };
  const mustBeItem = (keys: PathKey[], ref: string, types: readonly string[], role: string) => {
    const item = mustResolve(items, 'item', keys, ref);
    if (item && !types.includes(item.type)) fail(keys, `item "${ref}" is ${item.type}, but ${role} must be ${types.join(' or ')}`);
    return item;
  };
  const PRODUCED = ['finished', 'intermediate'] as const;

  factory.calendars.forEach((calendar, c) => {
    calendar.shifts.forEach((shift, s) => {
      if (shift.to <= shift.from && shift.to !== '24:00') {
        fail(['calendars', c, 'shifts', s], `shift ${shift.from}-${shift.to} ends before it starts (split a night shift at 24:00)`);
      }
    });
    calendar.exceptions?.forEach((exception, e) => {
      if (exception.to < exception.from) fail(['calendars', c, 'exceptions', e, 'to'], `${exception.to} is before ${exception.from}`);
      exception.shifts.forEach((shift, s) => {
        if (shift.to <= shift.from) fail(['calendars', c, 'exceptions', e, 'shifts', s], `shift ${shift.from}-${shift.to} ends before it starts`);
      });
    });
  });

  factory.items.forEach((item, i) => {
    if (item.family !== undefined) {
      if (item.type !== 'finished') fail(['items', i, 'family'], `only finished items belong to a family; "${item.id}" is ${item.type}`);
      else mustResolve(families, 'family', ['items', i, 'family'], item.family);
    }
  });

  factory.boms.forEach((line, b) => {
    mustBeItem(['boms', b, 'parent'], line.parent, PRODUCED, 'a BOM parent');
    mustResolve(items, 'item', ['boms', b, 'component'], line.component);
    if (line.parent === line.component) fail(['boms', b], `item "${line.parent}" cannot be its own component`);
  });
  for (const cycle of bomCycles(factory)) {
    fail(['boms', cycle.line], `BOM cycle: ${cycle.path.join(' → ')}`);
  }

  factory.resources.forEach((resource, r) => {
    mustResolve(calendars, 'calendar', ['resources', r, 'calendar'], resource.calendar);
    const machineIds = new Set<string>();
    resource.machines.forEach((machine, m) => {
      if (machineIds.has(machine.id)) fail(['resources', r, 'machines', m, 'id'], `duplicate machine id "${machine.id}" in work center "${resource.id}"`);
      machineIds.add(machine.id);
      if (machine.calendar !== undefined) mustResolve(calendars, 'calendar', ['resources', r, 'machines', m, 'calendar'], machine.calendar);
    });
  });

  const routedItems = new Map<string, number>();
  factory.routings.forEach((routing, r) => {
    mustBeItem(['routings', r, 'item'], routing.item, PRODUCED, 'a routed item');
    if (routedItems.has(routing.item)) fail(['routings', r, 'item'], `item "${routing.item}" already has a routing (routings[${routedItems.get(routing.item)}])`);
    else routedItems.set(routing.item, r);
    const stepNumbers = new Set<number>();
    routing.steps.forEach((step, s) => {
      const at: PathKey[] = ['routings', r, 'steps', s];
      if (stepNumbers.has(step.step)) fail([...at, 'step'], `step ${step.step} appears twice in the routing of "${routing.item}"`);
      stepNumbers.add(step.step);
      const resource = mustResolve(resources, 'work center', [...at, 'resource'], step.resource);
      step.machines?.forEach((machine, m) => {
        if (resource && !resource.machines.some((candidate) => candidate.id === machine.machine)) {
          fail([...at, 'machines', m, 'machine'], `machine "${machine.machine}" is not a machine of work center "${step.resource}"`);
        }
      });
      step.tools?.forEach((tool, t) => mustResolve(tools, 'tool', [...at, 'tools', t], tool));
      if ((step.operators ?? 0) > 0 && factory.policy.laborPool === undefined) {
        fail([...at, 'operators'], 'the step needs operators, but policy.laborPool names no labor pool');
      }
    });
  });

  factory.setupMatrices.forEach((matrix, m) => mustResolve(resources, 'work center', ['setupMatrices', m, 'resource'], matrix.resource));
  factory.sequenceRules.forEach((rule, r) => mustResolve(resources, 'work center', ['sequenceRules', r, 'resource'], rule.resource));
  factory.laborPools.forEach((pool, p) => mustResolve(calendars, 'calendar', ['laborPools', p, 'calendar'], pool.calendar));
  if (factory.policy.laborPool !== undefined) mustResolve(laborPools, 'labor pool', ['policy', 'laborPool'], factory.policy.laborPool);

  factory.suppliers.forEach((supplier, s) => {
    mustResolve(calendars, 'calendar', ['suppliers', s, 'calendar'], supplier.calendar);
    const sold = new Set<string>();
    supplier.items.forEach((entry, i) => {
      mustResolve(items, 'item', ['suppliers', s, 'items', i, 'item'], entry.item);
      if (sold.has(entry.item)) fail(['suppliers', s, 'items', i, 'item'], `item "${entry.item}" is listed twice for supplier "${supplier.id}"`);
      sold.add(entry.item);
    });
  });
  const sells = (supplierId: string, itemId: string) =>
    suppliers.get(supplierId)?.items.some((entry) => entry.item === itemId) ?? false;

  factory.openProductionOrders.forEach((order, o) => mustBeItem(['openProductionOrders', o, 'item'], order.item, PRODUCED, 'a production order'));
  factory.openPurchaseOrders.forEach((order, o) => {
    mustResolve(items, 'item', ['openPurchaseOrders', o, 'item'], order.item);
    mustResolve(suppliers, 'supplier', ['openPurchaseOrders', o, 'supplier'], order.supplier);
  });

  factory.sop.plans.forEach((plan, p) => mustResolve(families, 'family', ['sop', 'plans', p, 'family'], plan.family));
  const shareSums = new Map<string, number>();
  factory.sop.mix.forEach((mix, m) => {
    mustResolve(families, 'family', ['sop', 'mix', m, 'family'], mix.family);
    const item = mustBeItem(['sop', 'mix', m, 'item'], mix.item, ['finished'], 'a mix item');
    if (item && item.family !== mix.family) fail(['sop', 'mix', m, 'item'], `item "${mix.item}" belongs to family "${item.family ?? '(none)'}", not "${mix.family}"`);
    shareSums.set(mix.family, (shareSums.get(mix.family) ?? 0) + mix.share);
  });
  for (const [family, sum] of shareSums) {
    if (Math.abs(sum - 1) > SHARE_TOLERANCE) fail(['sop', 'mix'], `shares of family "${family}" sum to ${round(sum)}, not 1`);
  }
  const plannedFamilies = new Set(factory.sop.plans.filter((plan) => plan.qty > 0).map((plan) => plan.family));
  for (const family of plannedFamilies) {
    if (families.has(family) && !shareSums.has(family)) fail(['sop', 'mix'], `family "${family}" has S&OP quantities but no mix`);
  }

  factory.orders.forEach((order, o) => mustBeItem(['orders', o, 'item'], order.item, ['finished'], 'an ordered item'));
  factory.forecast.forEach((line, f) => {
    mustBeItem(['forecast', f, 'item'], line.item, ['finished'], 'a forecast item');
    if (line.week >= factory.horizonWeeks) fail(['forecast', f, 'week'], `week ${line.week} lies beyond the horizon of ${factory.horizonWeeks} weeks`);
  });

  factory.previousPlan?.production.forEach((line, p) => mustBeItem(['previousPlan', 'production', p, 'item'], line.item, PRODUCED, 'planned production'));
  factory.previousPlan?.purchases.forEach((line, p) => {
    mustResolve(items, 'item', ['previousPlan', 'purchases', p, 'item'], line.item);
    const supplier = mustResolve(suppliers, 'supplier', ['previousPlan', 'purchases', p, 'supplier'], line.supplier);
    if (supplier && items.has(line.item) && !sells(line.supplier, line.item)) {
      fail(['previousPlan', 'purchases', p], `supplier "${line.supplier}" does not sell item "${line.item}"`);
    }
  });

  return errors;
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Each cycle of the BOM graph once, with the BOM line that closes it. */
function bomCycles(factory: Factory): { line: number; path: string[] }[] {
  const children = new Map<string, { component: string; line: number }[]>();
  factory.boms.forEach((line, index) => {
    if (line.parent === line.component) return;
    const list = children.get(line.parent) ?? [];
    list.push({ component: line.component, line: index });
    children.set(line.parent, list);
  });
  const state = new Map<string, 'open' | 'done'>();
  const cycles: { line: number; path: string[] }[] = [];
  const stack: string[] = [];
  // Iterative DFS: deep BOMs must not overflow the call stack.
  for (const root of children.keys()) {
    if (state.has(root)) continue;
    const frames: { item: string; next: number }[] = [{ item: root, next: 0 }];
    state.set(root, 'open');
    stack.push(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const edges = children.get(frame.item) ?? [];
      if (frame.next >= edges.length) {
        state.set(frame.item, 'done');
        stack.pop();
        frames.pop();
        continue;
      }
      const edge = edges[frame.next++]!;
      const seen = state.get(edge.component);
      if (seen === 'open') {
        cycles.push({ line: edge.line, path: [...stack.slice(stack.indexOf(edge.component)), edge.component] });
      } else if (seen === undefined) {
        state.set(edge.component, 'open');
        stack.push(edge.component);
        frames.push({ item: edge.component, next: 0 });
      }
    }
  }
  return cycles;
}
