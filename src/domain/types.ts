/** Domain types of the file formats, inferred from their schemas so the two never drift. */
import type * as v from 'valibot';
import type {
  bomLineSchema,
  calendarSchema,
  customerOrderSchema,
  executionEntrySchema,
  factorySchema,
  familySchema,
  forecastLineSchema,
  itemSchema,
  laborPoolSchema,
  openProductionOrderSchema,
  openPurchaseOrderSchema,
  planSchema,
  policySchema,
  resourceSchema,
  routingSchema,
  routingStepSchema,
  scheduleSchema,
  sequenceRuleSchema,
  setupMatrixSchema,
  supplierSchema,
  toolSchema,
} from './schema';

export type Factory = v.InferOutput<typeof factorySchema>;
export type Calendar = v.InferOutput<typeof calendarSchema>;
export type Family = v.InferOutput<typeof familySchema>;
export type Item = v.InferOutput<typeof itemSchema>;
export type ItemType = Item['type'];
export type BomLine = v.InferOutput<typeof bomLineSchema>;
export type Resource = v.InferOutput<typeof resourceSchema>;
export type Machine = Resource['machines'][number];
export type Routing = v.InferOutput<typeof routingSchema>;
export type RoutingStep = v.InferOutput<typeof routingStepSchema>;
export type SetupMatrix = v.InferOutput<typeof setupMatrixSchema>;
export type SequenceRule = v.InferOutput<typeof sequenceRuleSchema>;
export type Tool = v.InferOutput<typeof toolSchema>;
export type LaborPool = v.InferOutput<typeof laborPoolSchema>;
export type Supplier = v.InferOutput<typeof supplierSchema>;
export type OpenProductionOrder = v.InferOutput<typeof openProductionOrderSchema>;
export type OpenPurchaseOrder = v.InferOutput<typeof openPurchaseOrderSchema>;
export type CustomerOrder = v.InferOutput<typeof customerOrderSchema>;
export type ForecastLine = v.InferOutput<typeof forecastLineSchema>;
export type Policy = v.InferOutput<typeof policySchema>;
export type Sop = Factory['sop'];
export type PreviousPlan = NonNullable<Factory['previousPlan']>;
export type Plan = v.InferOutput<typeof planSchema>;
export type ShortfallReason = Plan['constrainedDemand'][number]['reasons'][number];
export type Schedule = v.InferOutput<typeof scheduleSchema>;
export type ScheduledOperation = Schedule['operations'][number];
export type ExecutionEntry = v.InferOutput<typeof executionEntrySchema>;

/** The lists of a factory file, in file order: the unit the store keeps a table for. */
export const FACTORY_LISTS = [
  'calendars',
  'families',
  'items',
  'boms',
  'resources',
  'routings',
  'setupMatrices',
  'sequenceRules',
  'tools',
  'laborPools',
  'suppliers',
  'openProductionOrders',
  'openPurchaseOrders',
  'orders',
  'forecast',
] as const satisfies ReadonlyArray<keyof Factory>;

export type FactoryList = (typeof FACTORY_LISTS)[number];
