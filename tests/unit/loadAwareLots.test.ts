/**
 * The XL plan's lots picked together (loadAwareLots.ts), what the repair cut made up later
 * (catchUp.ts), and the economic plan that tries both within its time (economicPlan.ts).
 */
import { describe, expect, it } from 'vitest';
import type { Factory } from '../../src/domain/types';
import { madeUpLater } from '../../src/engine/masterPlan/catchUp';
import { PlanningContext } from '../../src/engine/masterPlan/context';
import { economicPlan } from '../../src/engine/masterPlan/economicPlan';
import { repairPlan } from '../../src/engine/masterPlan/extract';
import { loadAwareLots, lotPatterns, pricedLots } from '../../src/engine/masterPlan/loadAwareLots';
import { cutByValue } from '../../src/engine/masterPlan/valueCut';
import { economicLots } from '../../src/engine/masterPlan/lots';
import { levelledMasterSchedule, mrpDecisions } from '../../src/engine/masterPlan/mrp';
import { planCost } from '../../src/engine/masterPlan/objective';
import { polishPurchases } from '../../src/engine/masterPlan/purchasePolish';
import { levelledPlan } from '../../src/engine/masterPlan/solve';
import { checkPlan } from '../../src/engine/planCheck';
import { draftPlan, planMaster } from '../../src/engine/masterPlan/index';
import type { MipSolver } from '../../src/engine/linearModel';
import { addGood, tinyFactory } from '../helpers/tinyFactory';

/** The tiny plant over 12 weeks (liquid from week 3), FG and FG2 at 400 a week, a setup 60 minutes at 1 a minute. */
function twoGoods(runMinutesPerUnit: number, holding = 0.1): Factory {
  const factory = tinyFactory();
  factory.horizonWeeks = 12;
  addGood(factory, 'FG2');
  factory.routings = ['FG', 'FG2'].map((item) => ({ item, steps: [{ step: 10, resource: 'WC', runMinutesPerUnit, setupMinutes: 60 }] }));
  factory.resources[0]!.overtime = { maxHoursPerWeek: 0, costPerHour: 60 };
  for (const item of factory.items) if (item.type === 'finished') item.holdingCostPerWeek = holding;
  factory.forecast = ['FG', 'FG2'].flatMap((item) => Array.from({ length: 12 }, (_, week) => ({ item, week, qty: 400 })));
  factory.items.find((item) => item.id === 'RM')!.onHand = 100_000;
  return factory;
}

const LIQUID = 3;
const requirements = () => Float64Array.from({ length: 12 }, (_, week) => (week >= LIQUID ? 400 : 0));
const lotWeeks = (row: Float64Array) => [...row.keys()].filter((week) => row[week]! > 0);

describe('lot patterns', () => {
  it('start from Wagner–Whitin and keep every unit, none made late', () => {
    const raw = requirements();
    const patterns = lotPatterns(raw, LIQUID, 60, 0.1);
    const alone = raw.slice();
    economicLots(alone, LIQUID, 60, 0.1);
    expect([...patterns[0]!.row]).toEqual([...alone]);
    // Setup 60, holding 0.1: lots of two weeks (60 + 40 each), the last week alone.
    expect(lotWeeks(patterns[0]!.row)).toEqual([3, 5, 7, 9, 11]);
    expect(patterns[0]!.cost).toBeCloseTo(5 * 60 + 4 * 40, 6);
    // The cycle shifted by a first lot of one week, and fixed cycles at each phase.
    const shapes = patterns.map((pattern) => lotWeeks(pattern.row).join(','));
    expect(shapes).toContain('3,4,6,8,10');
    expect(shapes).toContain('3,6,9');
    expect(shapes).toContain('3,5,8,11');
    expect(new Set(shapes).size).toBe(shapes.length);
    for (const { row } of patterns) {
      let made = 0;
      let needed = 0;
      for (let week = 0; week < 12; week++) {
        made += row[week]!;
        needed += raw[week]!;
        expect(made).toBeGreaterThanOrEqual(needed - 1e-9);
      }
      expect(made).toBeCloseTo(needed, 9);
    }
  });
});

describe('lots picked with the load', () => {
  it('stagger two items whose lots alone fall on the same weeks and overload their work center', () => {
    // Two minutes a unit: a two-week lot holds the center 1,660 of its 2,400 minutes; two in one week, 3,320.
    const context = new PlanningContext(twoGoods(2));
    const beyond = (rows: Map<string, Float64Array>) => {
      let minutes = 0;
      for (let week = LIQUID; week < 12; week++) {
        const load = [...rows.values()].reduce((sum, row) => sum + (row[week]! > 0 ? row[week]! * 2 + 60 : 0), 0);
        minutes += Math.max(0, load - 2400);
      }
      return minutes;
    };
    const alone = new Map(['FG', 'FG2'].map((id) => [id, requirements()]));
    for (const row of alone.values()) economicLots(row, LIQUID, 60, 0.1);
    const together = new Map(['FG', 'FG2'].map((id) => [id, requirements()]));
    const { before, after } = loadAwareLots(context, together, LIQUID);
    expect(beyond(alone)).toBeGreaterThan(3000);
    expect(beyond(together)).toBeLessThan(beyond(alone) / 4);
    expect(after).toBeLessThan(before);
    expect(lotWeeks(together.get('FG')!)).not.toEqual(lotWeeks(together.get('FG2')!));
  });

  it('stagger them on a center without overtime too, where a minute beyond its week cannot be bought', () => {
    const factory = twoGoods(2);
    delete factory.resources[0]!.overtime;
    const context = new PlanningContext(factory);
    const together = new Map(['FG', 'FG2'].map((id) => [id, requirements()]));
    const { before, after } = loadAwareLots(context, together, LIQUID);
    // Alone, both items' two-week lots fall on weeks 3, 5, 7 and 9: 920 minutes beyond the week in
    // each, priced at 30 a minute (no overtime to buy); before, at the overtime rate, nothing.
    expect(before).toBeGreaterThan(30 * 920 * 4);
    expect(after).toBeLessThan(before / 4);
    expect(lotWeeks(together.get('FG')!)).not.toEqual(lotWeeks(together.get('FG2')!));
  });

  it('with shared components, puts the parents of one component on the same weeks', () => {
    // FG (holding 0.1) alone lots every two weeks, FG2 (0.03) every three; INT, which both draw on,
    // costs 0.2 a unit-week to hold against a setup of 100, so it is made in every week a parent is.
    const factory = twoGoods(0.01);
    factory.items.find((item) => item.id === 'FG2')!.holdingCostPerWeek = 0.03;
    factory.items.push({ id: 'INT', name: 'Intermediate', type: 'intermediate', uom: 'pc', unitCost: 1, holdingCostPerWeek: 0.2, onHand: 0 });
    factory.boms = [
      { parent: 'FG', component: 'INT', qtyPer: 1 },
      { parent: 'FG2', component: 'INT', qtyPer: 1 },
      { parent: 'INT', component: 'RM', qtyPer: 1 },
    ];
    factory.routings.push({ item: 'INT', steps: [{ step: 10, resource: 'WC', runMinutesPerUnit: 0.01, setupMinutes: 100 }] });
    const context = new PlanningContext(factory);
    const rowsOf = () => new Map(['FG', 'FG2'].map((id) => [id, requirements()]));
    const loadOnly = rowsOf();
    loadAwareLots(context, loadOnly, LIQUID);
    const shared = rowsOf();
    const { before, after } = loadAwareLots(context, shared, LIQUID, { components: true });
    const unionOf = (rows: Map<string, Float64Array>) => new Set([...rows.values()].flatMap(lotWeeks)).size;
    expect(lotWeeks(loadOnly.get('FG')!)).toEqual([3, 5, 7, 9, 11]);
    expect(lotWeeks(loadOnly.get('FG2')!)).toEqual([3, 6, 9]);
    expect(unionOf(shared)).toBeLessThan(unionOf(loadOnly));
    expect(after).toBeLessThan(before);
  });
});

describe('what the repair cut, made up later', () => {
  const cutPlan = (runMinutesPerUnit: number) => {
    const factory = twoGoods(runMinutesPerUnit, 1);
    factory.forecast = factory.forecast.filter((line) => line.item === 'FG');
    factory.previousPlan = { production: [{ item: 'FG', week: 0, qty: 400 }], purchases: [] };
    const context = new PlanningContext(factory);
    // FG lot for lot, its week-5 lot missing (as if the repair had cut it).
    const production = Float64Array.from({ length: 12 }, (_, week) => (week === 5 ? 0 : 400));
    const plan = repairPlan(context, mrpDecisions(context, new Map([['FG', production], ['FG2', new Float64Array(12)]])));
    return { factory, context, plan };
  };

  it('raises the next lot with room by what is still owed, and the plan is cheaper', () => {
    const { factory, context, plan } = cutPlan(2);
    // Never delivered, the 400 are lost in the week they fall short (extract.ts).
    expect(plan.lost.get('FG')![5]).toBe(400);
    const madeUp = madeUpLater(context, ['FG', 'FG2'], plan)!;
    expect([...madeUp.get('FG')!].slice(5, 8)).toEqual([0, 800, 400]);
    const again = repairPlan(context, mrpDecisions(context, madeUp));
    expect([...again.backlog.get('FG')!].filter((owed) => owed > 0)).toEqual([400]);
    expect([...again.lost.get('FG')!].every((qty) => qty === 0)).toBe(true);
    expect(planCost(context, again)).toBeLessThan(planCost(context, plan));
    // The quantities hold (the reasons come with the plan document, planMaster below).
    expect(checkPlan(factory, draftPlan(context, again)).filter((violation) => violation.rule !== 'reasons')).toEqual([]);
  });

  it('makes up nothing where no week after has room', () => {
    // Five minutes a unit: a week's lot holds the center 2,060 of its 2,400 minutes.
    const { context, plan } = cutPlan(5);
    expect(plan.lost.get('FG')![5]).toBe(400);
    expect(madeUpLater(context, ['FG', 'FG2'], plan)).toBeUndefined();
  });
});

describe('lots priced against the load', () => {
  // Four weeks of 10, a work center at 1 minute a unit, its overtime 5 a minute beyond `base`.
  const raw = Float64Array.from([10, 10, 10, 10]);
  const overload = (base: Float64Array) => [{ resource: 'WC', run: 1, setup: 0, base }];
  const beyond = (_resource: string, week: number, minutes: number) => 5 * Math.max(0, minutes - [100, 100, 100, 100][week]!);

  it('are Wagner–Whitin where every week has room', () => {
    const alone = raw.slice();
    economicLots(alone, 0, 25, 1);
    // Setup 25, holding 1: two lots of two weeks (50 + 10 + 10).
    expect([...alone]).toEqual([20, 0, 20, 0]);
    expect([...pricedLots(raw, 0, 25, 1, overload(new Float64Array(4)), beyond)]).toEqual([...alone]);
  });

  it('keep off a week the others fill, at the holding it costs', () => {
    const fullWeek2 = overload(Float64Array.from([0, 0, 100, 0]));
    // 10, 10, 20, 10: alone, lots in weeks 0 and 2 (50 + 10 + 10); week 2 full, its lot of 30 would
    // cost 150 beyond. The cheapest lots off week 2: weeks 0 and 1, week 1's carrying 30 units a
    // week and 10 another (50 + 40).
    const bump = Float64Array.from([10, 10, 20, 10]);
    const alone = bump.slice();
    economicLots(alone, 0, 25, 1);
    expect([...alone]).toEqual([20, 0, 30, 0]);
    expect([...pricedLots(bump, 0, 25, 1, fullWeek2, beyond)]).toEqual([10, 40, 0, 0]);
    // Where overtime is cheaper than holding, the full week keeps its lot.
    const cheap = (_resource: string, _week: number, minutes: number) => 0.01 * Math.max(0, minutes - 100);
    expect([...pricedLots(bump, 0, 25, 1, fullWeek2, cheap)]).toEqual([20, 0, 30, 0]);
  });

  it('never make a week late and keep every unit', () => {
    const bumpy = Float64Array.from([0, 7, 0, 12, 5, 0, 9, 3]);
    const lots = pricedLots(bumpy, 0, 40, 0.5, overload(Float64Array.from([100, 95, 100, 0, 100, 0, 99, 100])), beyond);
    let made = 0;
    let needed = 0;
    for (let week = 0; week < bumpy.length; week++) {
      made += lots[week]!;
      needed += bumpy[week]!;
      expect(made).toBeGreaterThanOrEqual(needed - 1e-9);
    }
    expect(made).toBeCloseTo(needed, 9);
    // Lots only where the others leave room: weeks 3 and 5 (5 has no requirement of its own).
    expect(lotWeeks(lots).every((week) => [1, 3].includes(week))).toBe(true);
  });
});

describe('building ahead in the economic plan', () => {
  // FG 2,200 a week from week 3 on a center of 2,400 minutes; FG2 (cheaper to hold) 300 in week 6,
  // which puts week 6 100 minutes over (160 with a setup of 60). Weeks 3-5 have 200 minutes of room;
  // week 2, in the slushy zone (a change costs 0.1 a unit), is empty.
  const plant = (fg2SetupMinutes: number) => {
    const factory = tinyFactory();
    factory.horizonWeeks = 8;
    addGood(factory, 'FG2');
    factory.items.find((item) => item.id === 'FG2')!.holdingCostPerWeek = 0.01;
    factory.routings = [
      { item: 'FG', steps: [{ step: 10, resource: 'WC', runMinutesPerUnit: 1, setupMinutes: 0 }] },
      { item: 'FG2', steps: [{ step: 10, resource: 'WC', runMinutesPerUnit: 1, setupMinutes: fg2SetupMinutes }] },
    ];
    factory.forecast = [...Array.from({ length: 5 }, (_, index) => ({ item: 'FG', week: 3 + index, qty: 2200 })), { item: 'FG2', week: 6, qty: 300 }];
    return new PlanningContext(factory);
  };
  const weeks = (row: Float64Array) => Object.fromEntries([...row.keys()].filter((week) => row[week]! > 0).map((week) => [week, row[week]]));

  it('builds ahead only the part over the limit, a week earlier, where the whole lot would go to the slushy zone', () => {
    // The part: 100 held a week (1); the whole lot: 300 held four weeks and changed in week 2 (42).
    expect(weeks(levelledMasterSchedule(plant(0), true).get('FG2')!)).toEqual({ 5: 100, 6: 200 });
    // Without the economic plan's costs, the whole lot moves to the latest week it fits, as before.
    expect(weeks(levelledMasterSchedule(plant(0), false).get('FG2')!)).toEqual({ 2: 300 });
  });

  it('builds the whole lot ahead where the part would cost a setup more', () => {
    // The part (160) fits only in week 2 too, with a setup of 60 more: 82.4 against 42.
    expect(weeks(levelledMasterSchedule(plant(60), true).get('FG2')!)).toEqual({ 2: 300 });
  });
});

describe("end items' shortfalls in the slushy weeks", () => {
  // Weeks 1-2 slushy, liquid from 3. FG 100 a week, 150 in week 2; the previous plan made 100 a
  // week. FG takes 5 INT a unit (made on WC2), so a unit of FG changed in week 2 changes 6 units
  // (0.6); a unit waiting for week 3's lot is a week late (0.5).
  const plant = ({ perUnit = 5, week3 = 100 } = {}) => {
    const factory = tinyFactory();
    factory.horizonWeeks = 8;
    factory.items.push({ id: 'INT', name: 'Intermediate', type: 'intermediate', uom: 'pc', unitCost: 1, holdingCostPerWeek: 0.01, onHand: 0 });
    factory.resources.push({ ...factory.resources[0]!, id: 'WC2', name: 'Mixer' });
    factory.boms = perUnit > 0 ? [{ parent: 'FG', component: 'INT', qtyPer: perUnit }, { parent: 'INT', component: 'RM', qtyPer: 1 }] : [{ parent: 'FG', component: 'RM', qtyPer: 1 }];
    factory.routings = [
      { item: 'FG', steps: [{ step: 10, resource: 'WC', runMinutesPerUnit: 0.1, setupMinutes: 0 }] },
      { item: 'INT', steps: [{ step: 10, resource: 'WC2', runMinutesPerUnit: 0.001, setupMinutes: 0 }] },
    ];
    factory.forecast = Array.from({ length: 8 }, (_, week) => ({ item: 'FG', week, qty: week === 2 ? 150 : week === 3 ? week3 : 100 }));
    factory.previousPlan = { production: [0, 1, 2].flatMap((week) => [{ item: 'FG', week, qty: 100 }, ...(perUnit > 0 ? [{ item: 'INT', week, qty: 100 * perUnit }] : [])]), purchases: [] };
    factory.items.find((item) => item.id === 'RM')!.onHand = 1_000_000;
    return new PlanningContext(factory);
  };
  const fg = (context: PlanningContext, slushyWait: boolean) => levelledMasterSchedule(context, true, 'alone', slushyWait).get('FG')!;

  it('wait for the first liquid week where that costs less than changing the item and its components', () => {
    const waited = fg(plant(), true);
    expect(waited[2]).toBe(100);
    // Week 3's lot makes up the 50: it serves weeks 3 onwards and what week 2 still owes.
    expect(waited[3]! - fg(plant(), false)[3]!).toBeCloseTo(50, 9);
    // Without the wait, the 50 are made in week 2.
    expect(fg(plant(), false)[2]).toBe(150);
  });

  it('are made where the change costs less than the wait', () => {
    // Made from the material alone: a unit changed costs 0.1, less than a week late (0.5).
    expect(fg(plant({ perUnit: 0 }), true)[2]).toBe(150);
  });

  it('wait only for as much as the first liquid week has room for', () => {
    // Week 3's own demand takes 2,398 of WC's 2,400 minutes: room for 20 units, so 30 are made in week 2.
    expect(fg(plant({ week3: 23_980 }), true)[2]).toBe(130);
  });
});

describe('the economic plan', () => {
  it('keeps the cheapest of the ways it tried, cheaper than the lots of each item alone; its plan holds the self-check', async () => {
    const factory = twoGoods(2);
    const context = new PlanningContext(factory);
    const messages: string[] = [];
    const plan = await economicPlan(context, { onProgress: (message) => messages.push(message) });
    // Five ways of lots, each also with what the repair cut made up later (with and without the
    // safety stock), and again with slushy shortfalls waiting for the liquid weeks.
    const tried = new Map(messages.filter((message) => message.startsWith('  ')).map((message) => [message.trim().replace(/: [\d.]+, [\d.]+ s$/, ''), Number(/: ([\d.]+), /.exec(message)![1])]));
    expect(tried.size).toBe(30);
    expect([...tried.keys()]).toContain('lots with the load, slushy shortfalls waiting for the liquid weeks, what the repair cut made up later');
    expect([...tried.keys()]).toContain('lots priced against the load, what the repair cut made up later with the safety stock');
    expect(planCost(context, plan)).toBeCloseTo(Math.min(...tried.values()), 2);
    // Staggered, the two goods' lots cost less than each alone, where levelling had to move them.
    expect(tried.get('lots with the load')!).toBeLessThan(tried.get('lots each item alone')!);
    expect(tried.get('lots each item alone')!).toBeCloseTo(planCost(context, polishPurchases(context, levelledPlan(context, true)).quantities), 2);
    const run = await planMaster(factory, {} as MipSolver, { strategy: 'levelled' });
    expect(run.plan.objective).toBeCloseTo(planCost(context, plan), 4);
    expect(checkPlan(factory, run.plan)).toEqual([]);
  });

  it('past its deadline, still makes the quickest way and no other', async () => {
    const context = new PlanningContext(twoGoods(2));
    const messages: string[] = [];
    const plan = await economicPlan(context, { deadline: 0, onProgress: (message) => messages.push(message) });
    expect(messages.filter((message) => message.startsWith('  '))).toHaveLength(1);
    // The quickest way: each item's lots alone, the plan of before.
    expect(messages[0]).toMatch(/^ {2}lots each item alone: /);
    expect(planCost(context, plan)).toBeCloseTo(planCost(context, polishPurchases(context, levelledPlan(context, true)).quantities), 6);
  });
});

describe('the economic plan, its leading ways first', () => {
  it('makes them before the others, and past its deadline only the first of them', async () => {
    const context = new PlanningContext(twoGoods(2));
    const messages: string[] = [];
    await economicPlan(context, { leading: ['priced-load'], onProgress: (message) => messages.push(message) });
    const ways = messages.filter((message) => message.startsWith('  ')).map((message) => message.trim().replace(/: [\d.]+, [\d.]+ s$/, ''));
    expect(ways[0]).toBe('lots priced against the load');
    expect(ways[3]).toBe('lots each item alone');
    expect(ways).toHaveLength(30);
    const late: string[] = [];
    await economicPlan(context, { leading: ['priced-load'], deadline: 0, onProgress: (message) => late.push(message) });
    expect(late.filter((message) => message.startsWith('  '))).toHaveLength(1);
    expect(late[0]).toMatch(/^ {2}lots priced against the load: /);
  });
});

describe('what still overloads after levelling', () => {
  it('is cut from the lots that give up least per minute freed', () => {
    // FG sells at 10, FG2 at 30, both from a material at 1, a minute a unit: lots of 1,200 each
    // and their setups (60 each) hold 2,520 of the week's 2,400 minutes. FG2 keeps its lots; FG
    // gives up the 120 minutes over.
    const factory = twoGoods(1);
    factory.items.find((item) => item.id === 'FG2')!.price = 30;
    const context = new PlanningContext(factory);
    const production = new Map(['FG', 'FG2'].map((id) => [id, Float64Array.from({ length: 12 }, (_, week) => (week >= LIQUID ? 1200 : 0))]));
    cutByValue(context, production);
    for (let week = LIQUID; week < 12; week++) {
      expect(production.get('FG2')![week]).toBe(1200);
      expect(production.get('FG')![week]).toBe(1080);
    }
    // Cut the other way round where FG sells dearer.
    factory.items.find((item) => item.id === 'FG')!.price = 50;
    const dearer = new Map(['FG', 'FG2'].map((id) => [id, Float64Array.from({ length: 12 }, (_, week) => (week >= LIQUID ? 1200 : 0))]));
    cutByValue(new PlanningContext(factory), dearer);
    expect(dearer.get('FG')![LIQUID]).toBe(1200);
    expect(dearer.get('FG2')![LIQUID]).toBe(1080);
  });
});
