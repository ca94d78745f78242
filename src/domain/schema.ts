/**
 * Shape of the `ponte.factory/1` file and its companions (plan, schedule, execution entry),
 * as valibot schemas: the single source of the domain types (`types.ts` infers them) and the
 * first pass of validation. Cross-references are checked afterwards in `validate.ts`.
 *
 * `v.object` drops unknown keys from its *output*; the store keeps the raw input, so unknown
 * keys survive an import/export round trip while the types stay exact.
 */
import * as v from 'valibot';
import { tryParseDate, tryParseMonth, tryParseTimeOfDay } from './dates';

export const FACTORY_FORMAT = 'ponte.factory/1';
export const PLAN_FORMAT = 'ponte.plan/1';
export const SCHEDULE_FORMAT = 'ponte.schedule/1';
export const EXECUTION_FORMAT = 'ponte.execution/1';

const id = v.pipe(v.string(), v.nonEmpty('must be a non-empty id'));
const text = v.string();
const finite = v.pipe(v.number(), v.finite('must be a finite number'));
const quantity = v.pipe(finite, v.minValue(0, 'must not be negative'));
const positive = v.pipe(finite, v.gtValue(0, 'must be greater than 0'));
const count = v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(0, 'must not be negative'));
const week = count;
const date = v.pipe(
  v.string(),
  v.check((value) => tryParseDate(value) !== undefined, 'must be a date YYYY-MM-DD'),
);
const timeOfDay = v.pipe(
  v.string(),
  v.check((value) => tryParseTimeOfDay(value) !== undefined, 'must be a time of day HH:MM (00:00 to 24:00)'),
);
const month = v.pipe(
  v.string(),
  v.check((value) => tryParseMonth(value) !== undefined, 'must be a month YYYY-MM'),
);
const percent = v.pipe(finite, v.minValue(0, 'must not be negative'), v.maxValue(100, 'must be at most 100'));

const shift = v.object({
  days: v.pipe(v.array(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(7, 'days are 1 (Monday) to 7 (Sunday)')))),
  from: timeOfDay,
  to: timeOfDay,
});
const exceptionShift = v.object({ ...shift.entries, days: v.optional(shift.entries.days) });

export const calendarSchema = v.object({
  id,
  name: v.optional(text),
  shifts: v.array(shift),
  exceptions: v.optional(v.array(v.object({ from: date, to: date, shifts: v.array(exceptionShift), reason: v.optional(text) }))),
});

export const familySchema = v.object({ id, name: text, unit: text });

export const itemSchema = v.object({
  id,
  name: text,
  type: v.picklist(['finished', 'intermediate', 'purchased'], 'must be "finished", "intermediate" or "purchased"'),
  family: v.optional(id),
  uom: text,
  price: v.optional(quantity),
  unitCost: quantity,
  holdingCostPerWeek: quantity,
  onHand: quantity,
  safetyStock: v.optional(quantity),
  lotMin: v.optional(quantity),
  lotMultiple: v.optional(positive),
  leadTimeWeeks: v.optional(count),
  attributes: v.optional(
    v.object({ color: v.optional(text), allergens: v.optional(v.array(v.pipe(text, v.nonEmpty()))) }),
  ),
});

export const bomLineSchema = v.object({ parent: id, component: id, qtyPer: positive, scrapPct: v.optional(percent) });

export const resourceSchema = v.object({
  id,
  name: text,
  calendar: id,
  efficiency: v.pipe(finite, v.gtValue(0, 'must be greater than 0'), v.maxValue(1, 'must be at most 1')),
  machines: v.pipe(v.array(v.object({ id, name: v.optional(text), calendar: v.optional(id) })), v.minLength(1, 'a work center needs at least one machine')),
  overtime: v.optional(v.object({ maxHoursPerWeek: quantity, costPerHour: quantity })),
});

export const routingStepSchema = v.object({
  step: v.pipe(v.number(), v.integer('must be a whole number')),
  resource: id,
  runMinutesPerUnit: quantity,
  setupMinutes: quantity,
  setupGroup: v.optional(id),
  machines: v.optional(v.pipe(v.array(v.object({ machine: id, runMinutesPerUnit: quantity })), v.minLength(1, 'list at least one machine, or leave machines out'))),
  tools: v.optional(v.array(id)),
  operators: v.optional(count),
});

export const routingSchema = v.object({
  item: id,
  steps: v.pipe(v.array(routingStepSchema), v.minLength(1, 'a routing needs at least one step')),
});

export const setupMatrixSchema = v.object({
  resource: id,
  defaultMinutes: quantity,
  entries: v.array(v.object({ from: id, to: id, minutes: quantity })),
});

export const sequenceRuleSchema = v.variant('type', [
  v.object({
    type: v.literal('allergen-last'),
    resource: id,
    cleaningMinutes: quantity,
    maxCleaningsPerDay: v.optional(count),
  }),
  v.object({
    type: v.literal('campaign'),
    resource: id,
    attribute: text,
    order: v.array(text),
    maxCampaignsPerWeek: v.optional(count),
  }),
  v.object({ type: v.literal('precede'), resource: id, before: id, after: id }),
], 'type must be "allergen-last", "campaign" or "precede"');

export const toolSchema = v.object({ id, name: text, quantity: v.pipe(count, v.minValue(1, 'must be at least 1')) });
export const laborPoolSchema = v.object({ id, name: v.optional(text), calendar: id, headcount: count });

export const supplierSchema = v.object({
  id,
  name: text,
  calendar: id,
  leadTimeDays: count,
  items: v.array(
    v.object({
      item: id,
      price: quantity,
      minOrderQty: v.optional(quantity),
      orderMultiple: v.optional(positive),
      capacityPerWeek: v.optional(quantity),
    }),
  ),
});

export const openProductionOrderSchema = v.object({
  id,
  item: id,
  qty: quantity,
  week,
  status: v.picklist(['released', 'firm'], 'must be "released" or "firm"'),
});

export const openPurchaseOrderSchema = v.object({ id, item: id, supplier: id, qty: quantity, arrivalDate: date });

export const sopSchema = v.object({
  plans: v.array(v.object({ family: id, month, qty: quantity, revenue: v.optional(quantity) })),
  mix: v.array(v.object({ family: id, item: id, share: v.pipe(finite, v.minValue(0, 'must not be negative'), v.maxValue(1, 'must be at most 1')) })),
});

export const customerOrderSchema = v.object({
  id,
  item: id,
  qty: quantity,
  due: date,
  priority: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1, 'priority is 1..9'), v.maxValue(9, 'priority is 1..9'))),
  customer: v.optional(text),
});

export const forecastLineSchema = v.object({ item: id, week, qty: quantity });

export const policySchema = v.object({
  fences: v.object({ frozenWeeks: count, slushyWeeks: count }),
  laborPool: v.optional(id),
  lostSalesCostFactor: v.optional(quantity),
  latenessCostPerUnitWeek: v.optional(quantity),
  maxLatenessWeeks: v.optional(count),
  changeCostPerUnit: v.optional(quantity),
  solver: v.optional(v.object({ timeLimitSeconds: v.optional(positive), mipRelGap: v.optional(quantity) })),
  /** Ponte's addition: beyond these, an execution entry needs a cause (defaults 5 % and 30 min). */
  execution: v.optional(v.object({ qtyTolerancePct: v.optional(percent), minutesTolerance: v.optional(quantity) })),
});

export const previousPlanSchema = v.object({
  production: v.array(v.object({ item: id, week, qty: quantity })),
  purchases: v.array(v.object({ item: id, supplier: id, arrivalDate: date, qty: quantity })),
});

const list = <T extends v.GenericSchema>(entry: T) => v.optional(v.array(entry), []);

export const factorySchema = v.object({
  format: v.literal(FACTORY_FORMAT, `must be "${FACTORY_FORMAT}"`),
  name: text,
  start: date,
  horizonWeeks: v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(1, 'must be 1..104'), v.maxValue(104, 'must be 1..104')),
  policy: policySchema,
  calendars: list(calendarSchema),
  families: list(familySchema),
  items: list(itemSchema),
  boms: list(bomLineSchema),
  resources: list(resourceSchema),
  routings: list(routingSchema),
  setupMatrices: list(setupMatrixSchema),
  sequenceRules: list(sequenceRuleSchema),
  tools: list(toolSchema),
  laborPools: list(laborPoolSchema),
  suppliers: list(supplierSchema),
  openProductionOrders: list(openProductionOrderSchema),
  openPurchaseOrders: list(openPurchaseOrderSchema),
  sop: v.optional(sopSchema, { plans: [], mix: [] }),
  orders: list(customerOrderSchema),
  forecast: list(forecastLineSchema),
  previousPlan: v.optional(previousPlanSchema),
});

const reason = v.variant('kind', [
  v.object({ kind: v.literal('capacity'), resource: id, week }),
  v.object({ kind: v.literal('material'), item: id, week }),
  v.object({ kind: v.literal('supplier'), supplier: id, item: id, week }),
  v.object({ kind: v.literal('lead-time'), item: id }),
  v.object({ kind: v.literal('frozen'), week }),
]);

export const planSchema = v.object({
  format: v.literal(PLAN_FORMAT),
  status: v.picklist(['optimal', 'feasible']),
  objective: finite,
  bound: v.optional(v.nullable(finite)),
  production: v.array(v.object({ item: id, week, qty: quantity })),
  purchases: v.array(v.object({ item: id, supplier: id, orderDate: date, arrivalDate: date, qty: quantity })),
  constrainedDemand: v.array(
    v.object({ item: id, week, demand: quantity, delivered: quantity, backlog: quantity, lost: quantity, reasons: v.array(reason) }),
  ),
  capacity: v.array(v.object({ resource: id, week, availableMinutes: quantity, loadMinutes: quantity, overtimeMinutes: quantity })),
  changes: v.array(v.object({ item: id, week, previousQty: quantity, qty: quantity, zone: v.literal('slushy') })),
  stats: v.object({ variables: count, constraints: count, solveSeconds: quantity, solver: text }),
});

export const scheduleSchema = v.object({
  format: v.literal(SCHEDULE_FORMAT),
  operations: v.array(
    v.object({
      id,
      order: id,
      item: id,
      step: v.pipe(v.number(), v.integer()),
      qty: quantity,
      resource: id,
      machine: id,
      setupStart: text,
      start: text,
      end: text,
      setupMinutes: quantity,
      tools: v.array(id),
      operators: count,
    }),
  ),
  kpis: v.object({ makespanMinutes: quantity, totalSetupMinutes: quantity, totalTardinessMinutes: quantity, lateOrders: count }),
  violations: v.array(v.unknown()),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid = v.pipe(v.string(), v.regex(UUID, 'must be a UUID'));
/** `2026-12-01T06:00`: factory-local, as the schedule writes it (seconds allowed). */
const localDateTime = v.pipe(
  v.string(),
  v.check((value) => {
    const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(value);
    return match !== null && tryParseDate(match[1]!) !== undefined && tryParseTimeOfDay(match[2]!) !== undefined && match[2] !== '24:00';
  }, 'must be a local date-time YYYY-MM-DDTHH:MM'),
);
/** When the device wrote the entry: an ISO 8601 instant with its zone (`2026-12-01T05:03:12.345Z`). */
const instant = v.pipe(
  v.string(),
  v.check((value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) && Number.isFinite(Date.parse(value)), 'must be an ISO 8601 instant with its zone, e.g. 2026-12-01T05:03:12Z'),
);

export const CAUSE_CATEGORIES = ['execution', 'planning', 'demand', 'supply'] as const;

export const executionEntrySchema = v.object({
  id: uuid,
  site: id,
  device: id,
  operation: v.optional(id),
  order: id,
  item: id,
  step: v.pipe(v.number(), v.integer('must be a whole number')),
  machine: id,
  start: localDateTime,
  end: localDateTime,
  goodQty: quantity,
  scrapQty: quantity,
  cause: v.optional(
    v.object({
      category: v.picklist(CAUSE_CATEGORIES, 'must be "execution", "planning", "demand" or "supply"'),
      code: v.pipe(v.string(), v.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a cause code in lower-case words joined by hyphens, e.g. machine-breakdown')),
      note: v.optional(v.pipe(text, v.maxLength(2000, 'must be at most 2,000 characters'))),
    }),
  ),
  corrects: v.optional(uuid),
  recordedAt: instant,
  /** Ponte's addition: a stop mid-run (`partial`) or the end of the operation (`finished`). */
  status: v.optional(v.picklist(['partial', 'finished'], 'must be "partial" or "finished"')),
});

export const executionFileSchema = v.object({
  format: v.literal(EXECUTION_FORMAT, `must be "${EXECUTION_FORMAT}"`),
  entries: v.array(v.unknown()),
});
