/**
 * Deterministic demo factories: a food plant (premix → mixing → filling → packing, allergens,
 * allergen-last), a paint plant (pre-dispersion → dispersion → tinting → filling, colours, a
 * light-to-dark setup matrix, campaigns) or both, in sizes S to XL. The same seed gives the
 * same file on every machine. Capacity is calibrated against demand so that `tight` is the
 * average load of each chain's bottleneck: 1.0 is a full plant, above it shortfalls are certain.
 */
import { firstDayOfWeek, horizonOf, monthsOfHorizon, weekSharesOfMonth } from '../domain/buckets';
import { CompiledCalendar } from '../domain/calendar';
import { formatDate, isoWeekday, monthOfDay, parseDate, tryParseMonth } from '../domain/dates';
import { FACTORY_FORMAT } from '../domain/schema';
import type { BomLine, Calendar, Factory, Item, Plan, Resource, Routing, RoutingStep, SequenceRule, SetupMatrix, Supplier } from '../domain/types';
import { localMinutes } from '../domain/execution';
import { scheduleFrozenWeeks } from '../engine/aps/index';
import { demandOf, unconstrainedDemand } from '../engine/demand';
import { COLOR_ORDER, FOOD_FAMILIES, PAINT_FAMILIES, PLANT_NAMES, SUPPLIER_NAMES, type FamilyTemplate, type Pack, type Variant } from './catalog';
import { SeededRandom } from '../domain/random';

export type DemoKind = 'food' | 'paint' | 'mixed';
export type DemoSize = 'S' | 'M' | 'L' | 'XL';
export const DEMO_KINDS: readonly DemoKind[] = ['food', 'paint', 'mixed'];
export const DEMO_SIZES: readonly DemoSize[] = ['S', 'M', 'L', 'XL'];

export interface DemoOptions {
  kind: DemoKind;
  size: DemoSize;
  seed?: number;
  /** Average load of the bottleneck work center against its capacity; default 0.8. */
  tight?: number;
  /** First Monday of the horizon; default 2026-11-30. */
  start?: string;
}

interface SizeProfile {
  finished: number;
  workCenters: number;
  machines: [number, number];
  suppliers: number;
  weeks: number;
  families: number;
}

const SIZES: Record<DemoSize, SizeProfile> = {
  S: { finished: 10, workCenters: 4, machines: [1, 2], suppliers: 3, weeks: 13, families: 2 },
  M: { finished: 60, workCenters: 8, machines: [2, 4], suppliers: 5, weeks: 26, families: 5 },
  L: { finished: 300, workCenters: 20, machines: [2, 4], suppliers: 10, weeks: 26, families: 12 },
  XL: { finished: 1500, workCenters: 40, machines: [2, 4], suppliers: 20, weeks: 52, families: 30 },
};

type ProcessKind = 'food' | 'paint';
type StageKey = 'premix' | 'mixing' | 'filling' | 'packing' | 'predispersion' | 'dispersion' | 'tinting' | 'paintfilling';

interface Stage {
  key: StageKey;
  name: string;
  weight: number;
  optional: boolean;
}

const STAGES: Record<ProcessKind, Stage[]> = {
  food: [
    { key: 'premix', name: 'Premix', weight: 1, optional: true },
    { key: 'mixing', name: 'Mixing', weight: 2, optional: false },
    { key: 'filling', name: 'Filling line', weight: 3, optional: false },
    { key: 'packing', name: 'Packing', weight: 2, optional: false },
  ],
  paint: [
    { key: 'predispersion', name: 'Pre-dispersion', weight: 1, optional: true },
    { key: 'dispersion', name: 'Dispersion', weight: 2, optional: false },
    { key: 'tinting', name: 'Tinting', weight: 2, optional: false },
    { key: 'paintfilling', name: 'Can filling', weight: 3, optional: false },
  ],
};

const DEFAULT_START = '2026-11-30';
const DEFAULT_TIGHT = 0.8;

export function generateDemoFactory(options: DemoOptions): Factory {
  return new DemoBuilder(options).build();
}

interface FamilyPlan {
  kind: ProcessKind;
  template: FamilyTemplate;
  id: string;
  variants: Variant[];
  packs: Pack[];
  /** Work center per stage for this family. */
  centers: Partial<Record<StageKey, string>>;
  leadTimeWeeks: number;
  seasonAmplitude: number;
  seasonPhase: number;
}

class DemoBuilder {
  private readonly random: SeededRandom;
  private readonly size: SizeProfile;
  private readonly tight: number;
  private readonly start: string;
  private readonly calendars: Calendar[] = [];
  private readonly items: Item[] = [];
  private readonly boms: BomLine[] = [];
  private readonly resources: Resource[] = [];
  private readonly routings: Routing[] = [];
  private readonly suppliers: Supplier[] = [];
  private readonly avgWeeklyDemand = new Map<string, number>();
  private readonly itemById = new Map<string, Item>();
  private readonly resourceStage = new Map<string, { kind: ProcessKind; stage: StageKey }>();
  private readonly purchasedByName = new Map<string, Item>();

  constructor(private readonly options: DemoOptions) {
    // Options come from the command line and the benches too, past the types.
    if (!DEMO_KINDS.includes(options.kind)) throw new RangeError(`kind must be one of ${DEMO_KINDS.join(', ')}, got "${options.kind}"`);
    if (!DEMO_SIZES.includes(options.size)) throw new RangeError(`size must be one of ${DEMO_SIZES.join(', ')}, got "${options.size}"`);
    if (options.seed !== undefined && !Number.isInteger(options.seed)) throw new RangeError(`seed must be a whole number, got ${options.seed}`);
    this.random = new SeededRandom((options.seed ?? 1) * 7919 + DEMO_KINDS.indexOf(options.kind) * 104729 + DEMO_SIZES.indexOf(options.size));
    this.size = SIZES[options.size];
    this.tight = options.tight ?? DEFAULT_TIGHT;
    if (!(this.tight > 0 && this.tight <= 5)) throw new RangeError(`tight must be in (0, 5], got ${this.tight}`);
    this.start = options.start ?? DEFAULT_START;
    if (isoWeekday(parseDate(this.start)) !== 1) throw new RangeError(`start ${this.start} is not a Monday`);
  }

  build(): Factory {
    const kinds: ProcessKind[] = this.options.kind === 'mixed' ? ['food', 'paint'] : [this.options.kind];
    this.makeCalendars();
    const families: FamilyPlan[] = [];
    kinds.forEach((kind, k) => {
      const share = kinds.length === 1 ? 1 : 0.5;
      const centerCount = Math.max(kinds.length === 1 ? 3 : 3, Math.round(this.size.workCenters * share));
      const centers = this.makeWorkCenters(kind, centerCount);
      const familyCount = Math.max(1, Math.round(this.size.families * share));
      const finishedCount = Math.max(familyCount, Math.round(this.size.finished * share));
      families.push(...this.makeFamilies(kind, familyCount, finishedCount, centers, k));
    });
    for (const family of families) this.makeProducts(family);
    this.priceAboveMaterials();
    this.makeSuppliers();
    this.calibrateCapacity(kinds);

    const horizon = horizonOf(this.start, this.size.weeks);
    const factory: Factory = {
      format: FACTORY_FORMAT,
      name: `${PLANT_NAMES[this.options.kind]} (${this.options.size}, seed ${this.options.seed ?? 1}${this.options.tight !== undefined ? `, tight ${this.tight}` : ''})`,
      start: this.start,
      horizonWeeks: horizon.weeks,
      policy: {
        fences: { frozenWeeks: 1, slushyWeeks: 4 },
        laborPool: 'POOL-OPS',
        lostSalesCostFactor: 1,
        latenessCostPerUnitWeek: 0.5,
        maxLatenessWeeks: 4,
        changeCostPerUnit: 0.1,
        solver: { timeLimitSeconds: 30, mipRelGap: 0.01 },
      },
      calendars: this.calendars,
      families: families.map((family) => ({ id: family.id, name: family.template.name + (family.id.length > 3 ? ` ${family.id.slice(4)}` : ''), unit: family.template.unit })),
      items: this.items,
      boms: this.boms,
      resources: this.resources,
      routings: this.routings,
      setupMatrices: this.makeSetupMatrices(),
      sequenceRules: this.makeSequenceRules(families),
      tools: [],
      laborPools: [],
      suppliers: this.suppliers,
      openProductionOrders: [],
      openPurchaseOrders: [],
      sop: this.makeSop(families),
      orders: [],
      forecast: [],
    };
    factory.tools = this.makeTools();
    factory.laborPools = [{ id: 'POOL-OPS', name: 'Line operators', calendar: 'CAL-3SHIFT', headcount: this.headcount() }];
    this.makeForecastOverrides(factory);
    this.makeOrders(factory);
    this.setStocks(factory);
    this.makeOpenOrders(factory);
    factory.previousPlan = this.makePreviousPlan(factory);
    this.coverFrozenMaterials(factory);
    return factory;
  }

  // ---- calendars -------------------------------------------------------------------------

  private holidays(): { from: string; to: string; shifts: []; reason: string }[] {
    const startDay = parseDate(this.start);
    const endDay = startDay + this.size.weeks * 7;
    const list: { from: string; to: string; shifts: []; reason: string }[] = [];
    for (let year = monthOfDay(startDay).year; year <= monthOfDay(endDay).year; year++) {
      for (const [from, to, reason] of [[`${year}-01-01`, `${year}-01-01`, 'New Year'], [`${year}-05-01`, `${year}-05-01`, 'Labour Day'], [`${year}-12-24`, `${year}-12-26`, 'Christmas']] as const) {
        if (parseDate(to) >= startDay && parseDate(from) < endDay) list.push({ from, to, shifts: [], reason });
      }
    }
    return list;
  }

  private makeCalendars(): void {
    const weekdays = [1, 2, 3, 4, 5];
    const holidays = this.holidays();
    this.calendars.push(
      { id: 'CAL-2SHIFT', name: 'Two shifts, Monday to Friday', shifts: [{ days: weekdays, from: '06:00', to: '14:00' }, { days: weekdays, from: '14:00', to: '22:00' }], exceptions: holidays },
      {
        id: 'CAL-3SHIFT',
        name: 'Three shifts, Monday 06:00 to Saturday 06:00',
        shifts: [{ days: weekdays, from: '06:00', to: '22:00' }, { days: weekdays, from: '22:00', to: '24:00' }, { days: [2, 3, 4, 5, 6], from: '00:00', to: '06:00' }],
        exceptions: holidays,
      },
      { id: 'CAL-DAY', name: 'Day shift, Monday to Friday', shifts: [{ days: weekdays, from: '07:00', to: '15:30' }], exceptions: holidays },
    );
    // One machine stops for maintenance for two days in week 6, when the horizon reaches it.
    const maintenanceDay = parseDate(this.start) + Math.min(6, this.size.weeks - 1) * 7 + 1;
    this.calendars.push({
      id: 'CAL-2SHIFT-MAINT',
      name: 'Two shifts, with a planned maintenance stop',
      shifts: structuredClone(this.calendars[0]!.shifts),
      exceptions: [...holidays, { from: formatDate(maintenanceDay), to: formatDate(maintenanceDay + 1), shifts: [], reason: 'Planned maintenance' }],
    });
  }

  // ---- work centers and families ---------------------------------------------------------

  private makeWorkCenters(kind: ProcessKind, count: number): Map<StageKey, string[]> {
    let stages = STAGES[kind];
    if (count < stages.length) stages = stages.filter((stage) => !stage.optional);
    const totalWeight = stages.reduce((sum, stage) => sum + stage.weight, 0);
    const perStage = stages.map((stage) => Math.max(1, Math.floor((count * stage.weight) / totalWeight)));
    // Hand out what rounding left over to the heaviest stages first.
    const byWeight = stages.map((_, index) => index).sort((a, b) => stages[b]!.weight - stages[a]!.weight);
    for (let spare = count - perStage.reduce((a, b) => a + b, 0), i = 0; spare > 0; spare--, i++) perStage[byWeight[i % byWeight.length]!]!++;
    const centers = new Map<StageKey, string[]>();
    stages.forEach((stage, s) => {
      const ids: string[] = [];
      for (let n = 1; n <= perStage[s]!; n++) {
        const id = `${kind === 'food' ? 'F' : 'P'}-${stage.key.slice(0, 3).toUpperCase()}${perStage[s]! > 1 ? n : ''}`;
        const machineCount = this.random.int(...this.size.machines);
        const calendar = stage.weight >= 3 ? 'CAL-3SHIFT' : 'CAL-2SHIFT';
        this.resources.push({
          id,
          name: `${stage.name}${perStage[s]! > 1 ? ` ${n}` : ''}`,
          calendar,
          efficiency: Math.round(this.random.uniform(0.8, 0.92) * 100) / 100,
          machines: Array.from({ length: machineCount }, (_, m) => ({
            id: `${id}-M${m + 1}`,
            name: `${stage.name} ${perStage[s]! > 1 ? `${n}.` : ''}${m + 1}`,
            ...(m === 1 && calendar === 'CAL-2SHIFT' ? { calendar: 'CAL-2SHIFT-MAINT' } : {}),
            ...(m === 2 && stage.key === 'packing' ? { calendar: 'CAL-DAY' } : {}),
          })),
          overtime: { maxHoursPerWeek: this.random.pick([8, 12, 16]), costPerHour: this.random.int(40, 80) },
        });
        this.resourceStage.set(id, { kind, stage: stage.key });
        ids.push(id);
      }
      centers.set(stage.key, ids);
    });
    return centers;
  }

  private makeFamilies(kind: ProcessKind, familyCount: number, finishedCount: number, centers: Map<StageKey, string[]>, kindIndex: number): FamilyPlan[] {
    const templates = kind === 'food' ? FOOD_FAMILIES : PAINT_FAMILIES;
    const families: FamilyPlan[] = [];
    let remaining = finishedCount;
    for (let f = 0; f < familyCount; f++) {
      const template = templates[f % templates.length]!;
      const round = Math.floor(f / templates.length);
      const id = round === 0 ? template.code : `${template.code}${round + 1}`;
      const target = Math.max(1, Math.round(remaining / (familyCount - f)));
      remaining -= target;
      const packs = template.packs.slice(0, Math.max(1, Math.min(template.packs.length, Math.ceil(target / 3))));
      const variantCount = Math.ceil(target / packs.length);
      const variants = Array.from({ length: variantCount }, (_, v) => {
        const base = template.variants[v % template.variants.length]!;
        const edition = Math.floor(v / template.variants.length);
        return edition === 0 ? base : { ...base, name: `${base.name} ${['Classic', 'Organic', 'Light', 'Premium', 'Family', 'Trade'][edition % 6]}${edition >= 6 ? ` ${edition}` : ''}` };
      });
      const stageCenters: Partial<Record<StageKey, string>> = {};
      for (const [stage, ids] of centers) stageCenters[stage] = ids[(f + kindIndex) % ids.length]!;
      families.push({
        kind,
        template,
        id,
        variants,
        packs,
        centers: stageCenters,
        leadTimeWeeks: kind === 'food' && this.random.chance(0.3) ? 1 : 0,
        seasonAmplitude: this.random.uniform(0.08, 0.2),
        seasonPhase: this.random.uniform(0, 12),
      });
      // Trim the last variant's packs so the family has exactly `target` SKUs.
      (families[families.length - 1] as FamilyPlan & { skuCount: number }).skuCount = target;
    }
    return families;
  }

  private addItem(item: Item): Item {
    this.items.push(item);
    this.itemById.set(item.id, item);
    return item;
  }

  private purchased(name: string, uom: string, unitCost: number, allergens?: string[]): Item {
    const existing = this.purchasedByName.get(name);
    if (existing) return existing;
    const item = this.addItem({
      id: `RM-${String(this.purchasedByName.size + 1).padStart(4, '0')}`,
      name,
      type: 'purchased',
      uom,
      unitCost: Math.round(unitCost * 100) / 100,
      holdingCostPerWeek: Math.round(unitCost * 0.004 * 1000) / 1000,
      onHand: 0,
      ...(allergens && allergens.length > 0 ? { attributes: { allergens } } : {}),
    });
    this.purchasedByName.set(name, item);
    return item;
  }

  private step(step: number, resource: string, runMinutesPerUnit: number, setupMinutes: number, extra: Partial<RoutingStep> = {}): RoutingStep {
    return { step, resource, runMinutesPerUnit, setupMinutes, ...extra };
  }

  private makeProducts(family: FamilyPlan): void {
    const { template, kind } = family;
    const skuCount = (family as FamilyPlan & { skuCount: number }).skuCount;
    const premixStage: StageKey = kind === 'food' ? 'premix' : 'predispersion';
    const bulkStage: StageKey = kind === 'food' ? 'mixing' : 'dispersion';
    const firstStage: StageKey = kind === 'food' ? 'filling' : 'tinting';
    const secondStage: StageKey = kind === 'food' ? 'packing' : 'paintfilling';
    const bulkUom = kind === 'food' ? 'kg' : 'L';
    const ingredients = template.ingredients.map((ingredient) => this.purchased(ingredient.name, 'kg', this.random.uniform(0.4, 1.6), ingredient.allergens));
    // Each family has a signature blend of its own, bought ready-made.
    ingredients.push(this.purchased(`${template.name} signature blend ${family.id}`, 'kg', this.random.uniform(3, 8)));

    // Level 3: a premix per family, where the plant has a premix stage.
    let premix: Item | undefined;
    const premixCenter = family.centers[premixStage];
    if (premixCenter) {
      premix = this.addItem({
        id: `PM-${family.id}`, name: `${template.name} premix`, type: 'intermediate', uom: 'kg', unitCost: 2.5,
        holdingCostPerWeek: 0.01, onHand: 0, lotMultiple: 50,
      });
      for (const ingredient of ingredients.slice(2)) this.boms.push({ parent: premix.id, component: ingredient.id, qtyPer: 0.5, scrapPct: 1 });
      this.routings.push({ item: premix.id, steps: [this.step(10, premixCenter, 0.02, 20, { operators: 1 })] });
    }

    // Level 2: the bulk. Food has one per recipe (variant); paint shares a few tint bases.
    const bulkOf = new Map<string, Item>();
    const bulkKey = (variant: Variant) => (kind === 'food' ? variant.name : tintBase(variant.color ?? 'white'));
    for (const variant of family.variants) {
      const key = bulkKey(variant);
      if (bulkOf.has(key)) continue;
      const bulk = this.addItem({
        id: `BK-${family.id}-${String(bulkOf.size + 1).padStart(2, '0')}`,
        name: kind === 'food' ? `${variant.name} ${template.name.toLowerCase()} bulk` : `${template.name} ${key} base`,
        type: 'intermediate', uom: bulkUom, unitCost: Math.round(this.random.uniform(1.2, 3) * 100) / 100,
        holdingCostPerWeek: 0.01, onHand: 0, lotMultiple: kind === 'food' ? 100 : 250,
        ...(variant.allergens && kind === 'food' ? { attributes: { allergens: variant.allergens } } : {}),
      });
      bulkOf.set(key, bulk);
      ingredients.slice(0, premix ? 2 : ingredients.length).forEach((ingredient, i) =>
        this.boms.push({ parent: bulk.id, component: ingredient.id, qtyPer: template.ingredients[i]?.qtyPer ?? 0.02, scrapPct: 2 }),
      );
      if (premix) this.boms.push({ parent: bulk.id, component: premix.id, qtyPer: 0.1 });
      this.routings.push({ item: bulk.id, steps: [this.step(10, family.centers[bulkStage]!, 0.012, kind === 'food' ? 45 : 60, { operators: 1 })] });
    }

    let made = 0;
    for (const variant of family.variants) {
      for (const pack of family.packs) {
        if (made >= skuCount) break;
        made++;
        const price = Math.round(this.random.uniform(...template.price) * Math.sqrt(pack.bulkPerUnit / family.packs[0]!.bulkPerUnit) * 100) / 100;
        const slug = pack.label.replace(/[^0-9A-Za-z]+/g, '').toUpperCase().slice(0, 6);
        const item = this.addItem({
          id: `${family.id}-${String(family.variants.indexOf(variant) + 1).padStart(2, '0')}-${slug}`,
          name: `${variant.name} ${template.name.toLowerCase()} ${pack.label}`,
          type: 'finished', family: family.id, uom: template.uom, price, unitCost: Math.round(price * this.random.uniform(0.55, 0.7) * 100) / 100,
          holdingCostPerWeek: Math.round(price * 0.003 * 1000) / 1000, onHand: 0,
          lotMin: kind === 'food' ? 100 : 50, lotMultiple: kind === 'food' ? 50 : 25,
          ...(family.leadTimeWeeks > 0 ? { leadTimeWeeks: family.leadTimeWeeks } : {}),
          attributes: kind === 'food' ? { allergens: variant.allergens ?? [] } : { color: variant.color ?? 'white' },
        });
        this.avgWeeklyDemand.set(item.id, Math.max(20, Math.round(this.random.logNormal(kind === 'food' ? 300 : 400, 0.7) / 10) * 10));
        const bulk = bulkOf.get(bulkKey(variant))!;
        this.boms.push({ parent: item.id, component: bulk.id, qtyPer: pack.bulkPerUnit, scrapPct: 1.5 });
        const container = this.purchased(`${kind === 'food' ? pack.label.split(' ×')[0] : `${pack.label} can`} ${kind === 'food' ? 'container' : ''}`.trim(), 'pc', kind === 'food' ? this.random.uniform(0.04, 0.2) : 0.25 + 0.12 * pack.bulkPerUnit);
        this.boms.push({ parent: item.id, component: container.id, qtyPer: pack.containersPerUnit, scrapPct: 0.5 });
        const label = this.purchased(`Label ${family.id} ${pack.label}`, 'pc', 0.03);
        this.boms.push({ parent: item.id, component: label.id, qtyPer: pack.containersPerUnit });
        if (kind === 'food') {
          const carton = this.purchased(`Shipper carton ${pack.label}`, 'pc', 0.25);
          this.boms.push({ parent: item.id, component: carton.id, qtyPer: 1 });
        } else if (variant.color && variant.color !== 'white') {
          const colorant = this.purchased(`Colorant paste ${variant.color}`, 'kg', 9);
          this.boms.push({ parent: item.id, component: colorant.id, qtyPer: Math.round(pack.bulkPerUnit * 0.02 * 1000) / 1000 });
        }
        const first = family.centers[firstStage]!;
        const second = family.centers[secondStage]!;
        const format = `${family.id}-${slug}`;
        const firstResource = this.resources.find((resource) => resource.id === first)!;
        // Large packs run only on the bigger machines, each at its own speed.
        const restricted = firstResource.machines.length > 2 && pack === family.packs[family.packs.length - 1] && family.packs.length > 1;
        this.routings.push({
          item: item.id,
          steps: [
            this.step(10, first, 0.1, 30, {
              ...(kind === 'food' ? { setupGroup: format, tools: [`TL-${format}`] } : {}),
              ...(restricted ? { machines: firstResource.machines.slice(1).map((machine, m) => ({ machine: machine.id, runMinutesPerUnit: Math.round(0.1 * (0.85 + 0.15 * m) * 10000) / 10000 })) } : {}),
              operators: 1,
            }),
            this.step(20, second, 0.08, 20, { operators: kind === 'food' ? 2 : 1, ...(kind === 'paint' ? { tools: [`TL-${family.id}-${slug}`] } : {}) }),
          ],
        });
      }
    }
  }

  /** A finished SKU sells for well above what its materials cost: unit cost and price follow the BOM. */
  private priceAboveMaterials(): void {
    const childrenOf = new Map<string, BomLine[]>();
    for (const line of this.boms) childrenOf.set(line.parent, [...(childrenOf.get(line.parent) ?? []), line]);
    const materialCost = (item: Item): number =>
      item.type === 'purchased' ? item.unitCost : (childrenOf.get(item.id) ?? []).reduce((sum, line) => sum + line.qtyPer * (1 + (line.scrapPct ?? 0) / 100) * materialCost(this.itemById.get(line.component)!), 0);
    for (const item of this.items) {
      if (item.type === 'purchased') continue;
      const cost = materialCost(item);
      if (item.type === 'intermediate') {
        item.unitCost = Math.round(cost * 1.15 * 100) / 100;
        continue;
      }
      item.unitCost = Math.round(Math.max(item.unitCost, cost * 1.25) * 100) / 100;
      item.price = Math.round(Math.max(item.price ?? 0, item.unitCost * 1.35) * 100) / 100;
      item.holdingCostPerWeek = Math.round(item.price * 0.003 * 1000) / 1000;
    }
  }

  // ---- suppliers --------------------------------------------------------------------------

  private makeSuppliers(): void {
    const holidays = this.holidays();
    const patterns = [[1, 2, 3, 4, 5], [2, 4], [1, 3, 5], [1, 2, 3, 4, 5], [2, 3, 4]];
    for (let s = 0; s < this.size.suppliers; s++) {
      const days = patterns[s % patterns.length]!;
      const calendarId = `CAL-SUP-${s + 1}`;
      // The first supplier closes for a whole week (week 4): a known supply gap.
      const closure = s === 0 && this.size.weeks > 5 ? [{ from: formatDate(parseDate(this.start) + 28), to: formatDate(parseDate(this.start) + 34), shifts: [] as [], reason: 'Supplier summer closure' }] : [];
      this.calendars.push({ id: calendarId, name: `Deliveries ${days.map((d) => 'MTWTFSS'[d - 1]).join('')}`, shifts: [{ days, from: '07:00', to: '15:00' }], exceptions: [...holidays, ...closure] });
      this.suppliers.push({
        id: `SUP-${s + 1}`,
        name: SUPPLIER_NAMES[s % SUPPLIER_NAMES.length]! + (s >= SUPPLIER_NAMES.length ? ` ${Math.floor(s / SUPPLIER_NAMES.length) + 1}` : ''),
        calendar: calendarId,
        leadTimeDays: this.random.pick([2, 3, 5, 7, 10, 14]),
        items: [],
      });
    }
    const materials = this.items.filter((item) => item.type === 'purchased');
    const usage = this.averageWeeklyUsage();
    materials.forEach((material, m) => {
      const weekly = usage.get(material.id) ?? 1;
      const multiple = roundNice(Math.max(1, weekly / 8));
      const sellers = this.size.suppliers > 3 && m % 5 === 0 ? 2 : 1;
      for (let k = 0; k < sellers; k++) {
        const supplier = this.suppliers[(m + k * 3) % this.suppliers.length]!;
        supplier.items.push({
          item: material.id,
          price: Math.round(material.unitCost * (1 + 0.05 * k) * 100) / 100,
          minOrderQty: multiple * 2,
          orderMultiple: multiple,
          // Rounded up: a supplier's capacity must really exceed the usage it was sized for.
          ...(m % 3 === 0 ? { capacityPerWeek: roundNiceUp(weekly * (k === 0 ? 1.6 : 1)) } : {}),
        });
      }
    });
  }

  /** Average weekly gross requirement of every item, exploding finished demand through BOMs. */
  private averageWeeklyUsage(): Map<string, number> {
    const usage = new Map<string, number>(this.avgWeeklyDemand);
    const childrenOf = new Map<string, BomLine[]>();
    for (const line of this.boms) childrenOf.set(line.parent, [...(childrenOf.get(line.parent) ?? []), line]);
    // Items were created components before parents within a family, so reverse creation order
    // visits every parent before its components.
    for (const item of [...this.items].reverse()) {
      const qty = usage.get(item.id) ?? 0;
      if (qty === 0) continue;
      for (const line of childrenOf.get(item.id) ?? []) {
        usage.set(line.component, (usage.get(line.component) ?? 0) + qty * line.qtyPer * (1 + (line.scrapPct ?? 0) / 100));
      }
    }
    return usage;
  }

  // ---- capacity --------------------------------------------------------------------------

  private typicalWeekMinutes(resource: Resource): number {
    const calendars = new Map(this.calendars.map((calendar) => [calendar.id, calendar]));
    const startDay = parseDate(this.start);
    const window = { firstDay: startDay, endDay: startDay + this.size.weeks * 7 };
    let total = 0;
    for (const machine of resource.machines) {
      const compiled = new CompiledCalendar(calendars.get(machine.calendar ?? resource.calendar)!, window);
      const weeks = Array.from({ length: this.size.weeks }, (_, w) => compiled.workingMinutesOfWeek(startDay + 7 * w)).sort((a, b) => a - b);
      total += weeks[Math.floor(weeks.length / 2)]!;
    }
    return total * resource.efficiency;
  }

  /** Scale run rates so each work center's average load is its target share of capacity. */
  private calibrateCapacity(kinds: ProcessKind[]): void {
    const usage = this.averageWeeklyUsage();
    const runLoad = new Map<string, number>();
    const setupLoad = new Map<string, number>();
    for (const routing of this.routings) {
      const qty = usage.get(routing.item) ?? 0;
      for (const step of routing.steps) {
        runLoad.set(step.resource, (runLoad.get(step.resource) ?? 0) + qty * step.runMinutesPerUnit);
        setupLoad.set(step.resource, (setupLoad.get(step.resource) ?? 0) + step.setupMinutes);
      }
    }
    const bottlenecks = new Set(kinds.map((kind) => this.random.pick(this.resources.filter((resource) => this.resourceStage.get(resource.id)?.kind === kind && ['filling', 'tinting'].includes(this.resourceStage.get(resource.id)!.stage))).id));
    const scale = new Map<string, { run: number; setup: number }>();
    for (const resource of this.resources) {
      const capacity = this.typicalWeekMinutes(resource);
      const target = this.tight * (bottlenecks.has(resource.id) ? 1 : this.random.uniform(0.6, 0.9)) * capacity;
      const setups = setupLoad.get(resource.id) ?? 0;
      const setupScale = setups > 0.25 * target ? (0.25 * target) / setups : 1;
      const run = runLoad.get(resource.id) ?? 0;
      scale.set(resource.id, { run: run > 0 ? (target - setups * setupScale) / run : 1, setup: setupScale });
    }
    for (const routing of this.routings) {
      for (const step of routing.steps) {
        const factor = scale.get(step.resource)!;
        step.runMinutesPerUnit = roundRate(step.runMinutesPerUnit * factor.run);
        step.setupMinutes = Math.max(5, Math.round(step.setupMinutes * factor.setup));
        step.machines?.forEach((machine) => (machine.runMinutesPerUnit = roundRate(machine.runMinutesPerUnit * factor.run)));
      }
    }
  }

  private makeSetupMatrices(): SetupMatrix[] {
    const matrices: SetupMatrix[] = [];
    for (const resource of this.resources) {
      const stage = this.resourceStage.get(resource.id)!;
      if (stage.stage === 'tinting' || stage.stage === 'paintfilling') {
        const entries = [];
        for (let from = 0; from < COLOR_ORDER.length; from++) {
          for (let to = 0; to < COLOR_ORDER.length; to++) {
            if (from === to) continue;
            // Light to dark is a quick rinse; dark to light is a full wash.
            const minutes = to > from ? 10 + 4 * (to - from) : 60 + 10 * (from - to);
            entries.push({ from: COLOR_ORDER[from]!, to: COLOR_ORDER[to]!, minutes });
          }
        }
        matrices.push({ resource: resource.id, defaultMinutes: 45, entries });
      } else if (stage.stage === 'filling') {
        const groups = [...new Set(this.routings.flatMap((routing) => routing.steps.filter((step) => step.resource === resource.id && step.setupGroup).map((step) => step.setupGroup!)))];
        const entries = [];
        for (const from of groups) for (const to of groups) if (from !== to && from.split('-')[0] === to.split('-')[0]) entries.push({ from, to, minutes: 35 });
        matrices.push({ resource: resource.id, defaultMinutes: 60, entries });
      }
    }
    return matrices;
  }

  private makeSequenceRules(families: FamilyPlan[]): SequenceRule[] {
    const rules: SequenceRule[] = [];
    for (const resource of this.resources) {
      const stage = this.resourceStage.get(resource.id)!.stage;
      if (stage === 'mixing' || stage === 'filling') rules.push({ type: 'allergen-last', resource: resource.id, cleaningMinutes: 60, maxCleaningsPerDay: 1 });
      if (stage === 'tinting') rules.push({ type: 'campaign', resource: resource.id, attribute: 'color', order: COLOR_ORDER, maxCampaignsPerWeek: 1 });
    }
    for (const family of families.filter((candidate) => candidate.kind === 'paint')) {
      const white = `BK-${family.id}-01`;
      const bases = this.routings.filter((routing) => routing.item.startsWith(`BK-${family.id}-`) && routing.item !== white);
      const dispersion = family.centers.dispersion;
      if (dispersion && bases.length > 0 && this.itemById.has(white)) {
        rules.push({ type: 'precede', resource: dispersion, before: white, after: bases[bases.length - 1]!.item });
      }
    }
    return rules;
  }

  private makeTools() {
    const tools = new Map<string, number>();
    for (const routing of this.routings) {
      for (const step of routing.steps) {
        for (const tool of step.tools ?? []) {
          const machines = this.resources.find((resource) => resource.id === step.resource)!.machines.length;
          tools.set(tool, Math.max(tools.get(tool) ?? 1, machines > 2 ? 2 : 1));
        }
      }
    }
    return [...tools].map(([id, quantity]) => ({ id, name: `Format parts ${id.slice(3)}`, quantity }));
  }

  private headcount(): number {
    let needed = 0;
    let widest = 1;
    for (const resource of this.resources) {
      const operators = Math.max(1, ...this.routings.flatMap((routing) => routing.steps.filter((step) => step.resource === resource.id).map((step) => step.operators ?? 0)));
      widest = Math.max(widest, operators);
      needed += resource.machines.length * operators;
    }
    return Math.max(widest, Math.ceil(needed * 0.75));
  }

  // ---- demand ----------------------------------------------------------------------------

  private makeSop(families: FamilyPlan[]): Factory['sop'] {
    const horizon = horizonOf(this.start, this.size.weeks);
    const plans: Factory['sop']['plans'] = [];
    const mix: Factory['sop']['mix'] = [];
    for (const family of families) {
      const skus = this.items.filter((item) => item.family === family.id);
      const weekly = skus.map((item) => this.avgWeeklyDemand.get(item.id)!);
      const total = weekly.reduce((a, b) => a + b, 0);
      let assigned = 0;
      skus.forEach((item, i) => {
        const share = i === skus.length - 1 ? Math.round((1 - assigned) * 1e6) / 1e6 : Math.round((weekly[i]! / total) * 1e6) / 1e6;
        assigned += share;
        mix.push({ family: family.id, item: item.id, share });
      });
      const averagePrice = skus.reduce((sum, item, i) => sum + (item.price ?? 0) * weekly[i]!, 0) / total;
      for (const month of monthsOfHorizon(horizon)) {
        const key = tryParseMonth(month)!;
        const weeks = weekSharesOfMonth({ startDay: 0, weeks: Number.MAX_SAFE_INTEGER }, key);
        const weekdays = weeks.reduce((sum, entry) => sum + entry.share, 0) * countWeekdays(key);
        const season = 1 + family.seasonAmplitude * Math.sin((2 * Math.PI * (key.month + family.seasonPhase)) / 12);
        const qty = Math.round((total * weekdays * season) / 5);
        plans.push({ family: family.id, month, qty, revenue: Math.round(qty * averagePrice) });
      }
    }
    return { plans, mix };
  }

  private makeForecastOverrides(factory: Factory): void {
    const demand = unconstrainedDemand(factory);
    const finished = factory.items.filter((item) => item.type === 'finished');
    for (const item of this.random.sample(finished, Math.max(1, Math.round(finished.length * 0.05)))) {
      for (let week = 2; week <= Math.min(4, factory.horizonWeeks - 1); week++) {
        // A promotion lifts the SKU's forecast above its share of the family plan.
        factory.forecast.push({ item: item.id, week, qty: Math.round(demandOf(demand, item.id, week) * 1.3) });
      }
    }
  }

  private makeOrders(factory: Factory): void {
    const demand = unconstrainedDemand(factory);
    const horizon = demand.horizon;
    const finished = factory.items.filter((item) => item.type === 'finished');
    let n = 0;
    for (let week = 0; week < Math.min(6, factory.horizonWeeks); week++) {
      const coverage = week < 2 ? 0.6 : 0.3;
      for (const item of finished) {
        if (!this.random.chance(coverage)) continue;
        const forecast = demandOf(demand, item.id, week);
        const rush = this.random.chance(0.05);
        const qty = Math.max(10, Math.round((forecast * (rush ? this.random.uniform(1.3, 1.6) : this.random.uniform(0.3, 0.9))) / 10) * 10);
        factory.orders.push({
          id: `SO-${String(++n).padStart(5, '0')}`,
          item: item.id,
          qty,
          due: formatDate(firstDayOfWeek(horizon, week) + this.random.int(0, 4)),
          priority: rush ? 1 : this.random.int(2, 5),
        });
      }
    }
  }

  private setStocks(factory: Factory): void {
    const usage = this.averageWeeklyUsage();
    const leadDays = new Map<string, number>();
    for (const supplier of factory.suppliers) for (const entry of supplier.items) leadDays.set(entry.item, Math.min(leadDays.get(entry.item) ?? Infinity, supplier.leadTimeDays));
    for (const item of factory.items) {
      const weekly = usage.get(item.id) ?? 0;
      if (item.type === 'finished') {
        item.onHand = Math.round(weekly * this.random.uniform(0.6, 1.4));
        if (this.random.chance(0.5)) item.safetyStock = Math.round(weekly * 0.5);
      } else if (item.type === 'intermediate') {
        item.onHand = Math.round(weekly * this.random.uniform(0.1, 0.4));
      } else {
        // Enough to bridge the supplier's lead time plus two weeks, so the plan can start.
        item.onHand = Math.round(weekly * ((leadDays.get(item.id) ?? 7) / 7 + this.random.uniform(1.5, 2.5)));
        item.safetyStock = Math.round(weekly * 0.3);
      }
    }
  }

  private makeOpenOrders(factory: Factory): void {
    const startDay = parseDate(factory.start);
    const window = { firstDay: startDay, endDay: startDay + factory.horizonWeeks * 7 + 60 };
    const calendars = new Map(factory.calendars.map((calendar) => [calendar.id, new CompiledCalendar(calendar, window)]));
    const usage = this.averageWeeklyUsage();
    let n = 0;
    for (const supplier of factory.suppliers) {
      for (const entry of supplier.items) {
        if (!this.random.chance(0.3)) continue;
        const arrival = calendars.get(supplier.calendar)!.firstOpenDayOnOrAfter(startDay + this.random.int(0, 9));
        if (arrival === undefined) continue;
        const multiple = entry.orderMultiple ?? 1;
        const qty = Math.max(entry.minOrderQty ?? 0, Math.ceil((usage.get(entry.item) ?? 1) / multiple) * multiple);
        factory.openPurchaseOrders.push({ id: `PO-${String(++n).padStart(5, '0')}`, item: entry.item, supplier: supplier.id, qty, arrivalDate: formatDate(arrival) });
      }
    }
    // Lots made last week that are still in quality release arrive in week 0.
    let m = 0;
    for (const item of factory.items) {
      if (item.type !== 'finished' || (item.leadTimeWeeks ?? 0) === 0) continue;
      const qty = roundDown(usage.get(item.id) ?? 0, item.lotMultiple ?? 1);
      if (qty > 0) factory.openProductionOrders.push({ id: `MO-${String(++m).padStart(5, '0')}`, item: item.id, qty, week: 0, status: 'released' });
    }
  }

  /**
   * The last approved plan for the frozen and slushy weeks: demand of the week it becomes
   * available, exploded to intermediates, and scaled down wherever a work center would exceed
   * 90% of that week's capacity, so that the frozen week is feasible as the real plant's was;
   * then scaled down where the week, scheduled alone, runs a lot late: the plan the last cycle
   * released was one the shop floor could keep (a weekly load under 90 % still left paint M's
   * frozen week with 8 of 84 lots late behind precedence rules and shared format tools).
   */
  private makePreviousPlan(factory: Factory): NonNullable<Factory['previousPlan']> {
    const demand = unconstrainedDemand(factory);
    const weeks = Math.min(factory.horizonWeeks, factory.policy.fences.frozenWeeks + factory.policy.fences.slushyWeeks);
    const startDay = parseDate(factory.start);
    const window = { firstDay: startDay, endDay: startDay + factory.horizonWeeks * 7 };
    const compiled = new Map(factory.calendars.map((calendar) => [calendar.id, new CompiledCalendar(calendar, window)]));
    const capacity = (resource: Resource, week: number) =>
      resource.machines.reduce((sum, machine) => sum + compiled.get(machine.calendar ?? resource.calendar)!.workingMinutesOfWeek(startDay + 7 * week), 0) * resource.efficiency;
    const routingOf = new Map(factory.routings.map((routing) => [routing.item, routing]));
    const childrenOf = new Map<string, BomLine[]>();
    for (const line of factory.boms) childrenOf.set(line.parent, [...(childrenOf.get(line.parent) ?? []), line]);
    const production: { item: string; week: number; qty: number }[] = [];

    for (let week = 0; week < weeks; week++) {
      const finishedQty = new Map<string, number>();
      for (const item of factory.items) {
        if (item.type !== 'finished') continue;
        const due = Math.min(factory.horizonWeeks - 1, week + (item.leadTimeWeeks ?? 0));
        finishedQty.set(item.id, demandOf(demand, item.id, due) * this.random.uniform(0.9, 1.05));
      }
      let quantities = new Map<string, number>();
      for (let pass = 0; pass < 6; pass++) {
        quantities = this.explode(factory, finishedQty, childrenOf);
        const load = new Map<string, number>();
        for (const [item, qty] of quantities) {
          if (qty <= 0) continue;
          for (const step of routingOf.get(item)?.steps ?? []) load.set(step.resource, (load.get(step.resource) ?? 0) + qty * step.runMinutesPerUnit + step.setupMinutes);
        }
        let over = false;
        for (const resource of factory.resources) {
          const ratio = (load.get(resource.id) ?? 0) / (0.9 * capacity(resource, week));
          if (ratio <= 1) continue;
          over = true;
          for (const [item, qty] of finishedQty) if (this.usesResource(item, resource.id, routingOf, childrenOf)) finishedQty.set(item, (qty / ratio) * 0.97);
        }
        if (!over) break;
      }
      const linesOf = (exploded: Map<string, number>) =>
        factory.items.flatMap((item) => {
          const qty = item.type === 'finished' ? roundDown(exploded.get(item.id) ?? 0, item.lotMultiple ?? 1) : Math.ceil(exploded.get(item.id) ?? 0);
          return qty > 0 && item.type !== 'purchased' ? [{ item: item.id, week, qty }] : [];
        });
      let lines = linesOf(quantities);
      // The frozen weeks only: the plan cannot change them, while the slushy ones it plans again.
      // Not on XL, a solver-scale demo whose frozen week alone is 6,000 lots (7 s per factory).
      // A late lot's own item is cut, and a little of everything that shares its work centers:
      // lateness there comes from the week's sequence (paint's white-before-deep dispersion, one
      // colour campaign a tinting machine), and cutting the late items alone only made others late
      // (paint L 0.8: 25, 31, 31, 22, 22, 32 late items in six passes). The bridge bench's schedule
      // of the frozen week (40 iterations), food, paint and mixed S-L, tight 0.8 and 1.0, seeds 1-2:
      // 85 of 5,927 lots late -> 29 of 5,895, each factory's week at least 98 % on time but mixed
      // S seed 2's (a Monday firm order, 15 of 16); paint L 1.0 343 of 356 -> 342 of 347. With
      // Monday's firm orders covered where the week still falls short (coverEarlyFirmOrders),
      // 9 -> 5 of 5,895 on 2026-11-29's scheduler, every week at least 98 %.
      for (let pass = 0; pass < 8 && week < factory.policy.fences.frozenWeeks && this.options.size !== 'XL'; pass++) {
        const late = this.lateItems(factory, demand, [...production, ...lines], week);
        if (late.size === 0) break;
        const lateItems = [...late];
        const crowded = [...new Set(lateItems.flatMap((item) => routingOf.get(item)?.steps.map((step) => step.resource) ?? []))];
        for (const [item, qty] of finishedQty) {
          if (late.has(item) || lateItems.some((component) => this.consumes(item, component, childrenOf))) finishedQty.set(item, qty * 0.85);
          else if (crowded.some((resource) => this.usesResource(item, resource, routingOf, childrenOf))) finishedQty.set(item, qty * 0.9);
        }
        lines = linesOf(this.explode(factory, finishedQty, childrenOf));
      }
      if (week < factory.policy.fences.frozenWeeks && this.options.size !== 'XL') this.coverEarlyFirmOrders(factory, this.lateLots(factory, demand, [...production, ...lines], week), week);
      production.push(...lines);
    }
    return { production, purchases: [] };
  }

  /**
   * Items whose lot of the week, scheduled alone, ends after it is due. A short search (20
   * iterations, 0.3 s on L), not the constructive schedule alone: that one found lots late that any
   * search puts on time, and missed those the shop floor's schedule finds late.
   */
  private lateItems(factory: Factory, demand: ReturnType<typeof unconstrainedDemand>, production: Plan['production'], week: number): Set<string> {
    return this.lateLots(factory, demand, production, week).late;
  }

  /** The same, with the week's lots and how many of them run late. */
  private lateLots(factory: Factory, demand: ReturnType<typeof unconstrainedDemand>, production: Plan['production'], week: number): { late: Set<string>; lots: number; lateLots: number } {
    const constrainedDemand = factory.items
      .filter((item) => item.type === 'finished')
      .flatMap((item) => Array.from({ length: week + 1 }, (_, w) => ({ item: item.id, week: w, demand: demandOf(demand, item.id, w), delivered: demandOf(demand, item.id, w), backlog: 0, lost: 0, reasons: [] })));
    // Whole lots: splitting them is the scheduler's call, and a plan kept without it is kept with it.
    const run = scheduleFrozenWeeks(factory, { production, purchases: [], constrainedDemand } as unknown as Plan, { week, seed: 1, maxIterations: 20, timeLimitSeconds: Infinity, splitLots: false, constructiveStart: true, randomDestruction: true });
    const ends = new Map<string, number>();
    for (const operation of run.schedule.operations) ends.set(operation.order, Math.max(ends.get(operation.order) ?? -Infinity, localMinutes(operation.end)));
    const late = new Set<string>();
    let lateLots = 0;
    for (const lot of run.instance.lots) {
      if ((ends.get(lot.id) ?? Infinity) <= run.instance.operations[lot.operations.at(-1)!]!.due) continue;
      late.add(lot.item);
      lateLots++;
    }
    return { late, lots: run.instance.lots.length, lateLots };
  }

  /**
   * A firm order due by a frozen week's first day, whose lot still runs late however it is cut
   * (released at the week's start, with hours of work behind it), is covered by stock on hand: a
   * plant that promised it had the goods, or it would have released the lot the week before. Mixed S seed 2's frozen week
   * kept 15 of 16 lots on time at any cut (`npm run bench -- bridge --sizes S --seeds 2`).
   */
  private coverEarlyFirmOrders(factory: Factory, { late, lots, lateLots }: { late: Set<string>; lots: number; lateLots: number }, week: number): void {
    // Only where the week falls short of the bridge's goal (98 % of lots on time, none late under 50 lots).
    if (lateLots <= Math.floor(0.02 * lots)) return;
    // Due by the week's first day: no lot released at the week's start makes it.
    const monday = formatDate(firstDayOfWeek(horizonOf(factory.start, factory.horizonWeeks), week));
    for (const item of factory.items) {
      if (!late.has(item.id)) continue;
      const owed = factory.orders.filter((order) => order.item === item.id && order.due <= monday).reduce((sum, order) => sum + order.qty, 0);
      item.onHand = Math.max(item.onHand, owed);
    }
  }

  private consumes(item: string, component: string, childrenOf: Map<string, BomLine[]>): boolean {
    return (childrenOf.get(item) ?? []).some((line) => line.component === component || this.consumes(line.component, component, childrenOf));
  }

  /** Finished quantities (rounded down to lots) exploded to every produced component. */
  private explode(factory: Factory, finishedQty: Map<string, number>, childrenOf: Map<string, BomLine[]>): Map<string, number> {
    const quantities = new Map<string, number>();
    const byId = new Map(factory.items.map((item) => [item.id, item]));
    for (const [item, qty] of finishedQty) quantities.set(item, roundDown(qty, byId.get(item)!.lotMultiple ?? 1));
    for (const item of [...factory.items].reverse()) {
      const qty = quantities.get(item.id) ?? 0;
      if (qty === 0) continue;
      for (const line of childrenOf.get(item.id) ?? []) {
        quantities.set(line.component, (quantities.get(line.component) ?? 0) + qty * line.qtyPer * (1 + (line.scrapPct ?? 0) / 100));
      }
    }
    return quantities;
  }

  private usesResource(item: string, resource: string, routingOf: Map<string, Routing>, childrenOf: Map<string, BomLine[]>): boolean {
    if (routingOf.get(item)?.steps.some((step) => step.resource === resource)) return true;
    return (childrenOf.get(item) ?? []).some((line) => this.usesResource(line.component, resource, routingOf, childrenOf));
  }

  /** Raw materials on hand always cover what the frozen weeks of the previous plan consume. */
  private coverFrozenMaterials(factory: Factory): void {
    const frozen = factory.policy.fences.frozenWeeks;
    const consumption = new Map<string, number>();
    const childrenOf = new Map<string, BomLine[]>();
    for (const line of factory.boms) childrenOf.set(line.parent, [...(childrenOf.get(line.parent) ?? []), line]);
    for (const line of factory.previousPlan?.production ?? []) {
      if (line.week >= frozen) continue;
      for (const bom of childrenOf.get(line.item) ?? []) {
        consumption.set(bom.component, (consumption.get(bom.component) ?? 0) + line.qty * bom.qtyPer * (1 + (bom.scrapPct ?? 0) / 100));
      }
    }
    for (const item of factory.items) {
      if (item.type !== 'purchased') continue;
      const needed = Math.ceil((consumption.get(item.id) ?? 0) * 1.1);
      if (item.onHand < needed) item.onHand = needed;
    }
  }
}

function tintBase(color: string): string {
  const index = COLOR_ORDER.indexOf(color);
  return index <= 1 ? 'white' : index <= 5 ? 'pastel' : 'deep';
}

function countWeekdays(month: { year: number; month: number }): number {
  return weekSharesOfMonth({ startDay: 0, weeks: Number.MAX_SAFE_INTEGER }, month).length > 0
    ? Array.from({ length: 31 }, (_, d) => d).filter((d) => {
        const date = new Date(Date.UTC(month.year, month.month - 1, d + 1));
        return date.getUTCMonth() === month.month - 1 && date.getUTCDay() >= 1 && date.getUTCDay() <= 5;
      }).length
    : 0;
}

function roundNice(value: number): number {
  if (value <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const mantissa = value / magnitude;
  return (mantissa < 2 ? 1 : mantissa < 5 ? 2 : 5) * magnitude;
}

function roundNiceUp(value: number): number {
  if (value <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const mantissa = value / magnitude;
  return (mantissa <= 1 ? 1 : mantissa <= 2 ? 2 : mantissa <= 5 ? 5 : 10) * magnitude;
}

function roundRate(value: number): number {
  return Math.max(0.0001, Math.round(value * 10000) / 10000);
}

function roundDown(value: number, multiple: number): number {
  return Math.floor(value / multiple + 1e-9) * multiple;
}
