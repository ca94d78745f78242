/**
 * A metal plant shaped unlike the demo factories, to test the engines on factories they were
 * not tuned on: sheet and tube cut on lasers, frames welded, both powder coated, then assembled
 * with a purchased fastener kit and packed in a carton. Every produced item is counted in
 * pieces and has no lot multiple (so whole units come from the unit alone); frames take a week
 * to come through (lead time 1); steel comes from one mill with a weekly capacity and a minimum
 * order, kits in multiples of 50. Demand is a weekly SKU forecast (no S&OP), scaled so that the
 * most loaded work center needs `tight` × its capacity over the horizon. The previous plan for
 * the fences is the solver-free levelled plan of the same factory.
 */
import { SeededRandom } from '../domain/random';
import type { Factory, Item } from '../domain/types';
import { PlanningContext } from '../engine/masterPlan/context';
import { levelledPlan } from '../engine/masterPlan/solve';

export type MetalSize = 'S' | 'M' | 'L';

export interface MetalOptions {
  size: MetalSize;
  seed?: number;
  /** Load of the most loaded work center against its capacity over the horizon; default 1.0. */
  tight?: number;
  start?: string;
}

const PROFILES: Record<MetalSize, { finished: number; weeks: number; machines: Record<string, number> }> = {
  S: { finished: 10, weeks: 13, machines: { CUT: 1, WELD: 2, COAT: 1, ASSY: 2 } },
  M: { finished: 36, weeks: 26, machines: { CUT: 2, WELD: 4, COAT: 2, ASSY: 3 } },
  L: { finished: 90, weeks: 26, machines: { CUT: 4, WELD: 8, COAT: 3, ASSY: 6 } },
};

const FAMILIES = [
  { id: 'SHELF', name: 'Shelving racks', price: [90, 260] },
  { id: 'BENCH', name: 'Workbenches', price: [180, 520] },
  { id: 'CABIN', name: 'Tool cabinets', price: [240, 780] },
  { id: 'TROLL', name: 'Trolleys', price: [70, 210] },
] as const;

const COLORS = ['white', 'grey', 'blue', 'black'];

export function generateMetalFactory(options: MetalOptions): Factory {
  const random = new SeededRandom(options.seed ?? 1);
  const profile = PROFILES[options.size];
  const tight = options.tight ?? 1.0;
  const items: Item[] = [];
  const boms: Factory['boms'] = [];
  const routings: Factory['routings'] = [];
  const round2 = (value: number) => Math.round(value * 100) / 100;

  items.push(
    { id: 'RM-SHEET', name: 'Steel sheet 1.5 mm', type: 'purchased', uom: 'kg', unitCost: 1.1, holdingCostPerWeek: 0.005, onHand: 4000 },
    { id: 'RM-TUBE', name: 'Steel tube 30×30', type: 'purchased', uom: 'kg', unitCost: 1.4, holdingCostPerWeek: 0.006, onHand: 3000 },
    { id: 'RM-POWDER', name: 'Coating powder', type: 'purchased', uom: 'kg', unitCost: 6, holdingCostPerWeek: 0.02, onHand: 600 },
    { id: 'PK-CARTON', name: 'Shipping carton', type: 'purchased', uom: 'pc', unitCost: 2.2, holdingCostPerWeek: 0.01, onHand: 300 },
  );
  const finished: Item[] = [];
  for (let index = 0; index < profile.finished; index++) {
    const family = FAMILIES[index % FAMILIES.length]!;
    const color = COLORS[random.int(0, COLORS.length - 1)]!;
    const code = `${family.id}-${String(index + 1).padStart(3, '0')}`;
    const price = round2(random.uniform(family.price[0], family.price[1]));
    const frame: Item = { id: `FR-${code}`, name: `Welded frame ${code}`, type: 'intermediate', uom: 'pc', unitCost: round2(price * 0.25), holdingCostPerWeek: round2(price * 0.25 * 0.004), onHand: random.int(0, 20), leadTimeWeeks: 1, attributes: { color } };
    const panels = random.int(2, 6);
    const panel: Item = { id: `PN-${code}`, name: `Coated panel ${code}`, type: 'intermediate', uom: 'pc', unitCost: round2(price * 0.05), holdingCostPerWeek: round2(price * 0.05 * 0.004), onHand: random.int(0, 40), attributes: { color } };
    const kit: Item = { id: `KIT-${code}`, name: `Fastener kit ${code}`, type: 'purchased', uom: 'kit', unitCost: round2(random.uniform(2, 9)), holdingCostPerWeek: 0.01, onHand: random.int(50, 200) };
    const product: Item = {
      id: code, name: `${family.name.replace(/s$/, '')} ${index + 1}`, type: 'finished', family: family.id, uom: 'pc', price,
      unitCost: round2(price * random.uniform(0.5, 0.65)), holdingCostPerWeek: round2(price * 0.004), onHand: random.int(0, 30),
      safetyStock: random.chance(0.5) ? random.int(5, 20) : 0, attributes: { color },
    };
    finished.push(product);
    items.push(product, frame, panel, kit);
    boms.push(
      { parent: code, component: frame.id, qtyPer: 1 },
      { parent: code, component: panel.id, qtyPer: panels, scrapPct: 2 },
      { parent: code, component: kit.id, qtyPer: 1 },
      { parent: code, component: 'PK-CARTON', qtyPer: 1 },
      { parent: frame.id, component: 'RM-TUBE', qtyPer: round2(random.uniform(6, 18)), scrapPct: 4 },
      { parent: frame.id, component: 'RM-POWDER', qtyPer: round2(random.uniform(0.2, 0.5)) },
      { parent: panel.id, component: 'RM-SHEET', qtyPer: round2(random.uniform(1.5, 5)), scrapPct: 6 },
      { parent: panel.id, component: 'RM-POWDER', qtyPer: round2(random.uniform(0.05, 0.15)) },
    );
    routings.push(
      { item: frame.id, steps: [
        { step: 10, resource: 'CUT', runMinutesPerUnit: round2(random.uniform(2, 5)), setupMinutes: 30 },
        { step: 20, resource: 'WELD', runMinutesPerUnit: round2(random.uniform(12, 30)), setupMinutes: 45 },
        { step: 30, resource: 'COAT', runMinutesPerUnit: round2(random.uniform(2, 4)), setupMinutes: 60, setupGroup: color },
      ] },
      { item: panel.id, steps: [
        { step: 10, resource: 'CUT', runMinutesPerUnit: round2(random.uniform(0.8, 2)), setupMinutes: 20 },
        { step: 20, resource: 'COAT', runMinutesPerUnit: round2(random.uniform(0.6, 1.2)), setupMinutes: 60, setupGroup: color },
      ] },
      { item: code, steps: [{ step: 10, resource: 'ASSY', runMinutesPerUnit: round2(random.uniform(10, 25)), setupMinutes: 15 }] },
    );
  }

  const suppliers: Factory['suppliers'] = [
    { id: 'SUP-MILL', name: 'Steel mill', calendar: 'CAL-DAY', leadTimeDays: 10, items: [
      { item: 'RM-SHEET', price: 1.1, minOrderQty: 2000, capacityPerWeek: 60_000 },
      { item: 'RM-TUBE', price: 1.4, minOrderQty: 2000, capacityPerWeek: 60_000 },
    ] },
    { id: 'SUP-COAT', name: 'Powder supplier', calendar: 'CAL-DAY', leadTimeDays: 5, items: [{ item: 'RM-POWDER', price: 6, minOrderQty: 100 }] },
    { id: 'SUP-FAST', name: 'Fastener distributor', calendar: 'CAL-DAY', leadTimeDays: 3, items: finished.map((product) => ({ item: `KIT-${product.id}`, price: items.find((item) => item.id === `KIT-${product.id}`)!.unitCost, orderMultiple: 50 })) },
    { id: 'SUP-PACK', name: 'Carton maker', calendar: 'CAL-DAY', leadTimeDays: 4, items: [{ item: 'PK-CARTON', price: 2.2, orderMultiple: 100 }] },
  ];

  const factory: Factory = {
    format: 'ponte.factory/1',
    name: `Metal plant ${options.size} (seed ${options.seed ?? 1}, tight ${tight})`,
    start: options.start ?? '2026-11-30',
    horizonWeeks: profile.weeks,
    policy: { fences: { frozenWeeks: 0, slushyWeeks: 4 }, maxLatenessWeeks: 2 },
    calendars: [
      { id: 'CAL-2SHIFT', shifts: [{ days: [1, 2, 3, 4, 5], from: '06:00', to: '14:00' }, { days: [1, 2, 3, 4, 5], from: '14:00', to: '22:00' }] },
      { id: 'CAL-DAY', shifts: [{ days: [1, 2, 3, 4, 5], from: '07:00', to: '16:00' }] },
    ],
    families: FAMILIES.map((family) => ({ id: family.id, name: family.name, unit: 'pc' })),
    items,
    boms,
    resources: Object.entries(profile.machines).map(([id, count]) => ({
      id, name: { CUT: 'Laser cutting', WELD: 'Welding', COAT: 'Powder coating', ASSY: 'Assembly' }[id]!, calendar: 'CAL-2SHIFT', efficiency: 0.85,
      machines: Array.from({ length: count }, (_, index) => ({ id: `${id}-${index + 1}` })),
      overtime: { maxHoursPerWeek: 8 * count, costPerHour: 55 },
    })),
    routings,
    setupMatrices: [],
    sequenceRules: [],
    tools: [],
    laborPools: [],
    suppliers,
    openProductionOrders: [],
    openPurchaseOrders: [],
    sop: { plans: [], mix: [] },
    orders: [],
    forecast: [],
  };

  // Demand: a base rate per SKU with a trend and noise, then scaled to the tightness.
  const base = finished.map(() => random.logNormal(40, 0.6));
  const weekly = finished.map((_, index) => Array.from({ length: profile.weeks }, (_, week) => base[index]! * (1 + 0.15 * Math.sin((week + index) / 3)) * random.uniform(0.8, 1.2)));
  const minutesOn = (product: Item) => {
    const load = new Map<string, number>();
    const add = (item: string, qty: number) => {
      for (const step of routings.find((routing) => routing.item === item)?.steps ?? []) load.set(step.resource, (load.get(step.resource) ?? 0) + qty * step.runMinutesPerUnit);
    };
    add(product.id, 1);
    for (const line of boms.filter((bom) => bom.parent === product.id)) add(line.component, line.qtyPer * (1 + (line.scrapPct ?? 0) / 100));
    return load;
  };
  const context = new PlanningContext(factory);
  let worst = 0;
  for (const resource of factory.resources) {
    const available = context.availableMinutes.get(resource.id)!.reduce((sum, minutes) => sum + minutes, 0);
    const needed = finished.reduce((sum, product, index) => sum + (minutesOn(product).get(resource.id) ?? 0) * weekly[index]!.reduce((a, b) => a + b, 0), 0);
    worst = Math.max(worst, needed / available);
  }
  const scale = tight / worst;
  factory.forecast = finished.flatMap((product, index) => weekly[index]!.map((qty, week) => ({ item: product.id, week, qty: Math.round(qty * scale) })));

  // The last approved plan: the levelled plan of the same factory, planned without a frozen zone.
  const levelled = levelledPlan(new PlanningContext(factory));
  const previous: NonNullable<Factory['previousPlan']>['production'] = [];
  for (const [item, row] of levelled.production) for (let week = 0; week < 5; week++) if (row[week]! > 0) previous.push({ item, week, qty: row[week]! });
  factory.previousPlan = { production: previous, purchases: [] };
  factory.policy.fences.frozenWeeks = 1;
  return factory;
}
