/**
 * The Master Plan's closed loop with the APS (issue 16): what a check measures on hand-made weeks
 * whose answer is known, and plans whose released weeks the shop floor can keep.
 */
import { describe, expect, it } from 'vitest';
import { generateDemoFactory } from '../../src/demo/generator';
import { generateMetalFactory } from '../../src/demo/metal';
import type { Factory, Plan } from '../../src/domain/types';
import { executability } from '../../src/engine/aps/executability';
import { buildApsInstance } from '../../src/engine/aps/instance';
import { PlanningContext } from '../../src/engine/masterPlan/context';
import { describeShortfalls } from '../../src/engine/masterPlan/describe';
import { checkFlow } from '../../src/engine/masterPlan/flow';
import { correctedFree, heldAgainstFree, holdBack, keepsMore, onTimeEnough } from '../../src/engine/masterPlan/closedLoop';
import { draftPlan, planMaster } from '../../src/engine/masterPlan/index';
import { checkPlan } from '../../src/engine/planCheck';
import { createHighsSolver } from '../../src/solver/highs';
import type { MipSolver, SolveOptions } from '../../src/engine/linearModel';
import { addGood, planOfFG, tinyFactory, weeklyDemand, withIntermediate } from '../helpers/tinyFactory';
import { mutateFactory } from '../helpers/factoryMutations';
import { buildMasterPlanModel } from '../../src/engine/masterPlan/model';
import { fillToCapacity, roundedDecisions, wishesFrom } from '../../src/engine/masterPlan/extract';
import { repairedInModel, resolveReleasedWeeks } from '../../src/engine/masterPlan/solve';

describe('a flow check of the released weeks', () => {
  it('measures what a work center must shed: the working minutes its machine runs past the week', () => {
    // 3,000 minutes of work in a 2,400-minute week: Monday 08:00-16:00 and Tuesday 08:00-10:00 of the next.
    const factory = tinyFactory();
    const found = checkFlow(factory, planOfFG([2000, 3000]), new PlanningContext(factory), [1], { iterations: 5 });
    expect(found).toMatchObject({ lots: 1, lateLots: 1 });
    expect(found.spill.get('WC')![1]).toBe(600);
    // The late lot's 3,000 finished units, each a lost sale of 10 if the shop floor could not keep it.
    expect(found.lateFinishedQty).toBe(3000);
    expect(found.lateValue).toBeCloseTo(30_000, 6);
    expect(found.load.get('WC')![1]).toBe(3000);
    expect(found.overrunByWeek[1]).toBe(1);
    expect(found.earlyFirm.size).toBe(0);
    // A week that fits sheds nothing.
    expect(checkFlow(factory, planOfFG([2000, 2400]), new PlanningContext(factory), [1], { iterations: 5 }).spill.size).toBe(0);
  });

  it('charges a tool its lots share where the tool is busier than their work center: its other machines cannot help', () => {
    // Two machines, one copy of the format part FG's step needs: 3,000 minutes of work hold the
    // tool past its 2,400-minute week while the work center is loaded to 62.5 % of its 4,800.
    const factory = tinyFactory();
    factory.resources[0]!.machines.push({ id: 'M2' });
    factory.tools = [{ id: 'FMT', name: 'Format parts', quantity: 1 }];
    factory.routings[0]!.steps[0]!.tools = ['FMT'];
    weeklyDemand(factory, [0, 2000, 2000, 2000, 2000, 2000]);
    const context = new PlanningContext(factory);
    const found = checkFlow(factory, planOfFG([2000, 3000]), context, [1], { iterations: 5 });
    expect(found.lateLots).toBe(1);
    expect(found.spill.get('tool:FMT')![1]).toBe(600);
    expect(found.spill.has('WC')).toBe(false);
    expect(found.load.get('tool:FMT')![1]).toBe(3000);
    // What the loop holds back of the tool is off the model's row for it, as a work center's is off its own.
    context.flowHeldSecondary.set('tool:FMT', Float64Array.from([0, 600, 0, 0, 0, 0]));
    const tool = context.secondary.find((capacity) => capacity.id === 'FMT')!;
    expect(context.secondaryLimit(tool, 1)).toBe(1800);
    const { model } = buildMasterPlanModel(context);
    expect(model.rowUpper[model.rowNames.indexOf('tool:FMT@1')]).toBe(1800);
    expect(model.rowUpper[model.rowNames.indexOf('tool:FMT@2')]).toBe(2400);
  });

  it('is held back a correction at a time: what ran past the week, but at most 30 % of the week’s load', () => {
    const factory = tinyFactory();
    const context = new PlanningContext(factory);
    // A free plan (every released week learns), and a search taken as thorough: one lot has no other order to try.
    context.heldSlushyWeeks = 0;
    const found = { ...checkFlow(factory, planOfFG([2000, 3000]), context, [1], { iterations: 5 }), thinWeeks: [] };
    // 600 of the 3,000 minutes ran past the week: the week may carry 2,400, all of its calendar.
    const undo = holdBack(context, found, new Map());
    expect(context.flowHeld.get('WC')![1]).toBe(0);
    undo();
    // Where lots wait on each other's stages, most of a week's minutes can run past it (metal L:
    // coating 11,679 of 13,224): shed whole, the week would carry 600; a round sheds 900 of 3,000.
    found.spill.get('WC')![1] = 2400;
    holdBack(context, found, new Map());
    expect(context.flowHeld.get('WC')![1]).toBe(2400 - 2100);
  });

  it('counts the finished units a late component lot holds up, apart from the finished quantity late', () => {
    // 3,000 minutes of INT in a 2,400-minute week: late, holding up 3,000 × 0.375 units of FG and FG2.
    const factory = withIntermediate();
    const plan = { ...planOfFG([]), production: [{ item: 'INT', week: 1, qty: 3000 }] };
    const found = checkFlow(factory, plan, new PlanningContext(factory), [1], { iterations: 5 });
    expect(found).toMatchObject({ lots: 1, lateLots: 1, lateFinishedQty: 0, lateHeldUpQty: 1125 });
    // Priced as lost sales: FG and FG2 sell at 10, and no lost-sales factor is set (1).
    expect(found.lateValue).toBeCloseTo(11_250, 6);
    expect(checkFlow(factory, { ...plan, production: [{ item: 'INT', week: 1, qty: 2000 }] }, new PlanningContext(factory), [1], { iterations: 5 }).lateHeldUpQty).toBe(0);
  });

  it('asks for a firm order due before its week’s lot can finish in stock when the week starts', () => {
    // 1,500 units due on Tuesday of week 1 (2026-12-08): two days of 480 minutes cannot make them.
    const factory: Factory = { ...tinyFactory(), orders: [{ id: 'SO-1', item: 'FG', qty: 1500, due: '2026-12-08' }] };
    const found = checkFlow(factory, planOfFG([0, 1500]), new PlanningContext(factory), [1], { iterations: 5 });
    expect(found.lateLots).toBe(1);
    expect(found.overrunByWeek[1]).toBe(0);
    expect(found.earlyFirm.get('FG')![1]).toBe(1500);
    expect(found.spill.size).toBe(0);
  });
});

describe('a flow check whose search is too thin', () => {
  it('says so, week by week, where the search barely moved any operation', () => {
    const factory = tinyFactory();
    factory.items.push({ ...factory.items[0]!, id: 'FG2', name: 'Second good' });
    factory.boms.push({ parent: 'FG2', component: 'RM', qtyPer: 1 });
    factory.routings.push({ item: 'FG2', steps: [{ step: 10, resource: 'WC', runMinutesPerUnit: 1, setupMinutes: 10 }] });
    const plan = planOfFG([1000, 1000, 1000]);
    plan.production.push({ item: 'FG2', week: 1, qty: 500 }, { item: 'FG2', week: 2, qty: 500 });
    const context = new PlanningContext(factory);
    // Two operations a week: one iteration moves them all.
    const searched = checkFlow(factory, plan, context, [1, 2], { iterations: 1 });
    expect(searched.thinSearchWeeks).toBe(0);
    expect(searched.thinWeeks).toEqual([]);
    // Cut by the clock before its first iteration, the search moved none: both weeks named, so the
    // loop learns nothing from them.
    const cut = checkFlow(factory, plan, context, [1, 2], { iterations: 1_000_000, searchSeconds: 1e-9 });
    expect(cut.thinSearchWeeks).toBe(2);
    expect(cut.thinWeeks).toEqual([1, 2]);
  });
});

describe('the previous plan’s slushy weeks', () => {
  // Checking them takes a schedule of four weeks (on L, 1.7-2.8 s of a 20 s plan, and the loop then
  // had no time left to learn): only worth it where the model can hold at least the first of them.
  it('are checked only where the model can hold the first of them', async () => {
    const checked = async (kind: 'paint' | 'mixed') => {
      const messages: string[] = [];
      const { plan } = await planMaster(generateDemoFactory({ kind, size: 'S', seed: 1, tight: 1.0 }), await createHighsSolver(), { timeLimitSeconds: 4, onProgress: (message) => messages.push(message) });
      const checks = (plan.stats as { flow?: { checks: { plan: string }[] } }).flow!.checks.map((check) => check.plan);
      return { previous: checks.includes('previous'), firstWeekHeld: messages.some((message) => message.includes('slushy weeks 1-1 can be held')) };
    };
    // The demo's generated previous plan: on paint S the model cannot hold even its first slushy week.
    expect(await checked('paint')).toEqual({ previous: false, firstWeekHeld: false });
    expect(await checked('mixed')).toEqual({ previous: true, firstWeekHeld: true });
  }, 60_000);

  it('are not held where their lots run late for their firm orders: only a week not held can have an order in stock the week before', async () => {
    // Mixed S without lot multiples: the generated previous plan's weeks 1-4 run 4, 2, 0 and 1 lots
    // late for orders due within them, none past its week. Held, they went out so (13 of 17 on time).
    const factory = mutateFactory(generateDemoFactory({ kind: 'mixed', size: 'S', seed: 1, tight: 0.8 }), ['noLotMultiples']);
    const { plan } = await planMaster(factory, await createHighsSolver(), { timeLimitSeconds: 4 });
    const flow = (plan.stats as { flow?: { checks: { plan: string; lateByWeek: number[] }[]; heldWeeks: number } }).flow!;
    const previous = flow.checks.find((check) => check.plan === 'previous')!;
    expect(previous.lateByWeek[0]).toBeGreaterThan(1);
    expect(flow.heldWeeks).toBe(0);
    expect(flow.checks.some((check) => check.plan === 'first')).toBe(true);
  }, 60_000);
});

describe('a firm order its own week cannot make in time', () => {
  it('is made a week ahead, even where that delays another item a week', async () => {
    // FG: a firm order of 1,200 due Monday of week 2, more than a Monday's 480 minutes can make: the
    // loop wants it in stock when week 2 starts. G2 fills week 1 (2,400) and wants 1,200 in week 2.
    // Made in week 2, FG is short at its date; made in week 1, G2 waits a week for 1,200 units.
    // Priced as one week late, short and waiting cost the same (0.5 a unit-week) and the plan left
    // FG short, which the shop floor ran late; priced as more, it is made ahead.
    const factory: Factory = { ...tinyFactory(), orders: [{ id: 'SO-1', item: 'FG', qty: 1200, due: '2026-12-14' }] };
    addGood(factory, 'G2');
    factory.routings.push({ item: 'G2', steps: [{ step: 10, resource: 'WC', runMinutesPerUnit: 1, setupMinutes: 0 }] });
    factory.forecast = [{ item: 'G2', week: 1, qty: 2400 }, { item: 'G2', week: 2, qty: 1200 }];
    const context = new PlanningContext(factory);
    context.earlyFirm.set('FG', Float64Array.from({ length: context.weeks }, (_, week) => (week === 2 ? 1200 : 0)));
    const planModel = buildMasterPlanModel(context);
    const result = await (await createHighsSolver()).solve(planModel.model, { timeLimitSeconds: 10, mipRelGap: 0 });
    expect(result.status).toBe('optimal');
    const made = (item: string, week: number) => result.values[planModel.production.get(item)![week]!]!;
    expect(made('FG', 1)).toBeCloseTo(1200, 6);
    expect(made('G2', 1)).toBeCloseTo(1200, 6);
    expect(made('G2', 2)).toBeCloseTo(2400 - made('FG', 2), 6);
  });
});

describe('the previous plan’s weeks, where they can be held', () => {
  it('are given up for a cheaper free plan that the shop floor keeps as well', async () => {
    // Metal S tight 0.8: the demo's previous plan can be held in weeks 1-4 (0 of 120 lots late),
    // but it costs 189,338 against the free plan's 159,158, which runs on time too. Held at any
    // price, the loop gave up 2.4 % of demand that the plan without it served.
    const make = () => generateMetalFactory({ size: 'S', seed: 1, tight: 0.8 });
    const solver = await createHighsSolver();
    const served = (plan: Plan) => plan.constrainedDemand.reduce((sum, line) => sum + line.delivered, 0) / plan.constrainedDemand.reduce((sum, line) => sum + line.demand, 0);
    const messages: string[] = [];
    const loop = await planMaster(make(), solver, { timeLimitSeconds: 4, onProgress: (message) => messages.push(message) });
    const without = await planMaster(make(), solver, { timeLimitSeconds: 4, flow: false });
    expect(checkPlan(make(), loop.plan)).toEqual([]);
    // Decided on the first check while learning (every week can be held, and the free first plan
    // runs on time), or by the full solve's own check of its free plan.
    expect(messages.some((message) => /the free (first plan runs on time: they are not held|plan runs on time: the previous plan is not held)/.test(message))).toBe(true);
    expect((loop.plan.stats as { flow?: { heldWeeks: number } }).flow!.heldWeeks).toBe(0);
    expect(served(loop.plan)).toBeGreaterThanOrEqual(served(without.plan) - 0.005);
  }, 60_000);

  it('are not held where they deliver less than a late free plan keeps on time', async () => {
    // Metal S tight 1.0, its previous plan's slushy weeks cut to 30 %: they schedule on time and
    // the model can hold them, while the free plan runs late. Held because of that, the plan served
    // 76.0 % of demand (metal L tight 0.8, the demo's own previous plan: 74.7 %); free, the loop
    // brings the released weeks on time and serves 99 %.
    const make = () => {
      const factory = generateMetalFactory({ size: 'S', seed: 1, tight: 1.0 });
      const previous = factory.previousPlan!;
      previous.production = previous.production.map((line) => (line.week >= 1 && line.week <= 4 ? { ...line, qty: Math.round(line.qty * 0.3) } : line)).filter((line) => line.qty > 0);
      return factory;
    };
    const solver = await createHighsSolver();
    const served = (plan: Plan) => plan.constrainedDemand.reduce((sum, line) => sum + line.delivered, 0) / plan.constrainedDemand.reduce((sum, line) => sum + line.demand, 0);
    const messages: string[] = [];
    const loop = await planMaster(make(), solver, { timeLimitSeconds: 4, onProgress: (message) => messages.push(message) });
    expect(checkPlan(make(), loop.plan)).toEqual([]);
    // Given up on the first check, while learning: every released week can be held, but the free first plan keeps more.
    expect(messages.some((message) => /the previous plan's weeks held would deliver \d+, the free first plan keeps \d+ on time: they are not held, and every released week learns/.test(message))).toBe(true);
    // And every week then learned before the full solve.
    const given = messages.findIndex((message) => message.includes('every released week learns'));
    expect(messages.slice(given).findIndex((message) => message.startsWith('  repaired to the limits held back'))).toBeLessThan(messages.slice(given).findIndex((message) => message.startsWith('LP relaxation')));
    expect((loop.plan.stats as { flow?: { heldWeeks: number } }).flow!.heldWeeks).toBe(0);
    expect(served(loop.plan)).toBeGreaterThan(0.95);
  }, 60_000);
});

describe('the previous plan’s weeks that learning would hold', () => {
  it('are given up before learning where they deliver less than the free first plan keeps, so that every released week learns', async () => {
    // Metal S tight 1.0, the previous plan's weeks 1-3 cut to 30 % (they hold, on time) and its
    // week 4 more than the model allows (it cannot). Held while learning, weeks 1-3 learned nothing;
    // the full solve then gave them up (metal L tight 1.0 at 30 s: 15 of 108 lots late in week 1).
    const make = () => {
      const factory = generateMetalFactory({ size: 'S', seed: 1, tight: 1.0 });
      const previous = factory.previousPlan!;
      previous.production = previous.production.map((line) => (line.week >= 1 && line.week <= 3 ? { ...line, qty: Math.round(line.qty * 0.3) } : line.week === 4 ? { ...line, qty: line.qty * 100 } : line)).filter((line) => line.qty > 0);
      return factory;
    };
    const solver = await createHighsSolver();
    const messages: string[] = [];
    const loop = await planMaster(make(), solver, { timeLimitSeconds: 4, onProgress: (message) => messages.push(message) });
    expect(checkPlan(make(), loop.plan)).toEqual([]);
    expect(messages).toContain('  the previous plan\'s slushy weeks 1-3 can be held');
    const given = messages.findIndex((message) => /the free first plan (keeps \d+ on time|runs on time): they are not held, and every released week learns/.test(message));
    expect(given).toBeGreaterThan(0);
    // Learning goes on after it, in every week.
    expect(messages.slice(given).some((message) => message.startsWith('  repaired to the limits held back'))).toBe(true);
    const flow = (loop.plan.stats as { flow?: { heldWeeks: number; checks: { plan: string; lateLots: number }[] } }).flow!;
    expect(flow.heldWeeks).toBe(0);
    // The plan it returns runs on time (the final plan, or the one learning found on time where the final one ran late).
    expect(checkFlow(make(), loop.plan, new PlanningContext(make()), [1, 2, 3, 4]).lateLots).toBeLessThanOrEqual(1);
  }, 60_000);
});

describe('a released week whose work center the loop holds back', () => {
  it('has its lots placed again under the same setups, not only cut to fit', async () => {
    // FG in lots of 100 with a 60-minute setup: the plan makes two weeks' demand a lot (2,000 in
    // weeks 1 and 3). Half of week 1 held back, the repair cuts its lot to 1,100 and week 2's
    // demand goes short, while week 3's lot, its count fixed, has room for 300 more, a week late.
    // Only the late week is solved again: week 3's lot is the LP's to place (mixed M tight 1.0,
    // 10 s: the final plan cut to the limits held back 3.79 M, placed again 3.56 M).
    const factory = tinyFactory();
    weeklyDemand(factory, [0, 1000, 1000, 1000, 1000, 0]);
    const fg = factory.items.find((item) => item.id === 'FG')!;
    fg.lotMultiple = 100;
    factory.routings[0]!.steps[0]!.setupMinutes = 60;
    const solver = await createHighsSolver();
    const context = new PlanningContext(factory);
    const free = buildMasterPlanModel(context);
    const plan = await solver.solve(free.model, { timeLimitSeconds: 10, mipRelGap: 0 });
    const made = (planModel: typeof free, values: Float64Array, week: number) => Math.round(values[planModel.production.get('FG')![week]!]!);
    expect([1, 2, 3].map((week) => made(free, plan.values, week))).toEqual([2000, 0, 2000]);
    context.flowHeld.set('WC', Float64Array.from({ length: context.weeks }, (_, week) => (week === 1 ? 1200 : 0)));
    const tightened = buildMasterPlanModel(context);
    const decisions = roundedDecisions(tightened, plan.values);
    fillToCapacity(tightened, decisions, plan.values);
    const cut = (await repairedInModel(tightened, solver, decisions, wishesFrom(tightened, plan.values), { timeLimitSeconds: 5 }))!;
    expect(made(tightened, cut.values, 1)).toBe(1100);
    expect(made(tightened, cut.values, 3)).toBe(2000);
    const again = (await resolveReleasedWeeks(tightened, solver, plan.values, [1], { timeLimitSeconds: 5, mipRelGap: 0 }))!;
    expect(made(tightened, again.values, 1)).toBe(1100);
    expect(made(tightened, again.values, 3)).toBe(2300);
    expect(again.objective).toBeLessThan(cut.objective - 1000);
  });

  it('gives the repair\'s LP most of the correction\'s time: without it the correction has no plan', async () => {
    // Food L tight 1.0 at 20 s: the repair's LP needs about 0.5 s, its slice was 0.4 of about 0.8 s,
    // it stopped at 0.3 s with no solution and week 1 kept 21-29 of 452 lots late (the bridge bench).
    const factory = tinyFactory();
    weeklyDemand(factory, [0, 1000, 1000, 1000, 1000, 0]);
    const solver = await createHighsSolver();
    const context = new PlanningContext(factory);
    const free = buildMasterPlanModel(context);
    const plan = await solver.solve(free.model, { timeLimitSeconds: 10, mipRelGap: 0 });
    context.flowHeld.set('WC', Float64Array.from({ length: context.weeks }, (_, week) => (week === 1 ? 1200 : 0)));
    const calls: SolveOptions[] = [];
    const counting: MipSolver = { name: solver.name, solve: (model, options) => (calls.push(options ?? {}), solver.solve(model, options)) };
    await resolveReleasedWeeks(buildMasterPlanModel(context), counting, plan.values, [1], { timeLimitSeconds: 1, mipRelGap: 0 });
    expect(calls[0]!.relax).toBe(true);
    expect(calls[0]!.timeLimitSeconds).toBeGreaterThanOrEqual(0.6);
  });
});

describe('a lot and the firm order it serves', () => {
  it('is due on the order’s day only where the stock the week starts with does not cover the order', () => {
    const factory: Factory = { ...tinyFactory(), orders: [{ id: 'SO-1', item: 'FG', qty: 1500, due: '2026-12-08' }] };
    const dueOf = (plan: Plan) => buildApsInstance(factory, plan, { week: 1 }).operations[0]!.due;
    const weekEnd = (Date.UTC(2026, 11, 14) / 86_400_000) * 1440;
    // Nothing in stock: this week's lot serves the order, due at the end of Tuesday.
    expect(dueOf(planOfFG([0, 1500]))).toBe((Date.UTC(2026, 11, 9) / 86_400_000) * 1440);
    // Last week's lot left 1,500 in stock: this week's lot is due when the week ends.
    expect(dueOf(planOfFG([1500, 1500]))).toBe(weekEnd);
  });
});

describe('the Master Plan with the closed loop', () => {
  it('plans no more work in a released week than the machines’ calendars hold, where overtime would not be scheduled', async () => {
    // Demand of 3,000 a week against 2,400 minutes, and 10 hours of overtime: the plan alone uses
    // them, but the schedule has the calendar only (the spec's schedule rules), so weeks 1-2 run late.
    const make = () => {
      const factory = tinyFactory();
      factory.resources[0]!.overtime = { maxHoursPerWeek: 10, costPerHour: 1 };
      weeklyDemand(factory, [3000, 3000, 3000, 3000, 3000, 3000]);
      return factory;
    };
    const solver = await createHighsSolver();
    const without = await planMaster(make(), solver, { timeLimitSeconds: 5, flow: false });
    const loop = await planMaster(make(), solver, { timeLimitSeconds: 5 });
    for (const { plan } of [without, loop]) expect(checkPlan(make(), plan)).toEqual([]);
    const released = (plan: Plan) => executability(make(), plan, { seed: 1, maxIterations: 5 }).weeks.filter((week) => week.week >= 1);
    expect(released(without.plan).some((week) => week.lotsOnTime < week.lots)).toBe(true);
    expect(released(loop.plan).every((week) => week.lotsOnTime === week.lots)).toBe(true);
    for (const week of [1, 2]) expect(loop.plan.capacity.find((entry) => entry.week === week)!.loadMinutes).toBeLessThanOrEqual(2400);
    // The weeks after the slushy zone keep their overtime: S&OP sets their direction, not the shop floor.
    expect(loop.plan.capacity.find((entry) => entry.week === 4)!.overtimeMinutes).toBeGreaterThan(0);
    // A shortfall of a released week says the work center is full, and how much of it was held back.
    const week1 = describeShortfalls(make(), loop.plan).find((line) => line.startsWith('FG, week 1:'));
    expect(week1).toMatch(/Work center full in week 1 \(10 h of it held back so that lots finish within their week\)/);
  }, 30_000);

  it('paint S tight 1.0: the released weeks go from under 95 % of lots on time to at least 95 %, at a service cost no larger than the lateness it stops hiding', async () => {
    const solver = await createHighsSolver();
    const make = () => generateDemoFactory({ kind: 'paint', size: 'S', seed: 1, tight: 1.0 });
    const measure = async (flow: boolean) => {
      const { plan } = await planMaster(make(), solver, { timeLimitSeconds: 4, ...(flow ? {} : { flow: false }) });
      expect(checkPlan(make(), plan)).toEqual([]);
      const result = executability(make(), plan, { seed: 1, maxIterations: 40 });
      const demand = plan.constrainedDemand.reduce((sum, line) => sum + line.demand, 0);
      const delivered = plan.constrainedDemand.reduce((sum, line) => sum + line.delivered, 0);
      const finishedLate = result.weeks.reduce((sum, week) => sum + week.finishedQty - week.finishedQtyOnTime, 0);
      return { share: result.lotShare, delivered: delivered / demand, late: finishedLate / demand };
    };
    const without = await measure(false);
    const loop = await measure(true);
    // Without the loop 91 % (three in four before the first plan's lots were rounded with a carry).
    expect(without.share).toBeLessThan(0.95);
    expect(loop.share).toBeGreaterThanOrEqual(0.95);
    expect(without.delivered - loop.delivered).toBeLessThanOrEqual(without.late + 0.01);
  }, 60_000);
});

describe('a full solve the watchdog ends at its slice', () => {
  it('leaves the loop its corrections: the final plan is checked, and the plan says the solver was stopped', async () => {
    // The full solve's MIP (the one solve that streams incumbents) comes back as the watchdog hands
    // back a thread it ended. Before, the loop skipped its checks of the final plan after it (food S
    // tight 1.2 at 30 s: a MIP given 9.5 s ended at 10.0 s, and the plan came back at 19.4 s with
    // its last released week late, where the corrections after it bring every week on time).
    const make = () => generateDemoFactory({ kind: 'paint', size: 'S', seed: 1, tight: 1.0 });
    const highs = await createHighsSolver();
    let ended = 0;
    const endedAtItsSlice: MipSolver = {
      name: highs.name,
      solve: async (model, options) => {
        const result = await highs.solve(model, options);
        if (!options?.onIncumbent) return result;
        ended++;
        return { ...result, status: 'interrupted', stopped: 'time-limit' };
      },
    };
    const run = await planMaster(make(), endedAtItsSlice, { timeLimitSeconds: 5 });
    expect(ended).toBeGreaterThan(0);
    expect(run.stopped).toBe('time-limit');
    const stats = run.plan.stats as { stopped?: string; flow?: { checks: { plan: string }[] } };
    expect(stats.stopped).toBe('time-limit');
    expect(checkPlan(make(), run.plan)).toEqual([]);
    expect(stats.flow!.checks.some((check) => check.plan === 'final')).toBe(true);
  }, 30_000);
});

describe('a correction of a final plan that still runs late', () => {
  it('is taken only where it keeps more of what it promises: delivered, less what runs late', () => {
    // Metal S seed 2 tight 1.2 at 30 s: the final plan (7 lots late) delivered about 88 % of demand;
    // its correction, the previous plan's weeks forced back in, 8 lots late and 82 %, at 36 % more cost.
    const final = { delivered: 88_000, lateQty: 1_500, cost: 313_853 };
    const corrected = { delivered: 82_000, lateQty: 1_200, cost: 426_934 };
    expect(keepsMore(final, corrected)).toBe(true);
    expect(keepsMore(corrected, final)).toBe(false);
    // Less delivered, but less of it late: the correction stops hiding more than it gives up.
    const honest = { delivered: 87_000, lateQty: 200, cost: 330_000 };
    expect(keepsMore(honest, final)).toBe(true);
    // As much kept: the cheaper.
    expect(keepsMore({ delivered: 86_500, lateQty: 0, cost: 320_000 }, { delivered: 86_500, lateQty: 0, cost: 321_000 })).toBe(true);
    expect(keepsMore({ delivered: 86_500, lateQty: 0, cost: 321_000 }, { delivered: 86_500, lateQty: 0, cost: 320_000 })).toBe(false);
  });
});

describe('a check the loop takes as on time', () => {
  // Weeks 1-2 checked: week 1 of 100 lots, week 2 of 20 (an S plant's week).
  const checked = (late: [number, number], overrun: [number, number] = [0, 0]) => {
    const lotsByWeek = Int32Array.from([0, 100, 20]);
    const lateByWeek = Int32Array.from([0, ...late]);
    const overrunByWeek = Int32Array.from([0, ...overrun]);
    return { lots: 120, lateLots: late[0] + late[1], lateByWeek, overrunByWeek, lotsByWeek, lateFinishedQty: 0, lateHeldUpQty: 0, lateValue: 0, spill: new Map(), load: new Map(), earlyFirm: new Map(), thinSearchWeeks: 0, thinWeeks: [], seconds: 0, threads: 1 };
  };

  it('has at most 2 % of each week’s lots late: the shop floor is handed week by week', () => {
    expect(onTimeEnough(checked([0, 0]))).toBe(true);
    // Two of a hundred lots late in week 1: 98 % on time.
    expect(onTimeEnough(checked([2, 0]))).toBe(true);
    expect(onTimeEnough(checked([3, 0]))).toBe(false);
    // One of 20 in week 2 is 95 % of that week, although 1 of 120 lots over both weeks.
    expect(onTimeEnough(checked([0, 1]))).toBe(false);
  });

  it('has at most 1 % of its lots running past their week', () => {
    expect(onTimeEnough(checked([1, 0], [1, 0]))).toBe(true);
    expect(onTimeEnough(checked([2, 0], [2, 0]))).toBe(false);
  });
});

describe('the previous plan’s weeks against a free plan that runs late', () => {
  // Week 1 of 100 lots, 5 of them late: not on time. 240 finished units late, 48,000 as lost sales.
  const late = (lateValue: number) => ({ lots: 100, lateLots: 5, lateByWeek: Int32Array.from([0, 5]), overrunByWeek: Int32Array.from([0, 0]), lotsByWeek: Int32Array.from([0, 100]), lateFinishedQty: 240, lateHeldUpQty: 0, lateValue, spill: new Map(), load: new Map(), earlyFirm: new Map(), thinSearchWeeks: 0, thinWeeks: [], seconds: 0, threads: 1 });
  const free = { delivered: 5_240, cost: 215_925 };

  it('are held where they deliver what the free plan keeps on time and cost less than it would with its late units lost', () => {
    expect(heldAgainstFree(free, late(48_000), { delivered: 5_002, cost: 255_000 })).toMatchObject({ holds: true, freeKeeps: 5_000, freeWorst: 263_925 });
  });

  it('are not held where they cost more than that, however little more they deliver: the late units are written off at their price, not at any price', () => {
    // Metal S tight 1.0 at 2 s: held 5,002 at 256,864; the plan that held them served 93.1 % where the free plan corrected served 99.9 %.
    expect(heldAgainstFree(free, late(20_000), { delivered: 5_002, cost: 256_864 }).holds).toBe(false);
  });

  it('are not held where they deliver less than the free plan keeps, however cheap', () => {
    expect(heldAgainstFree(free, late(48_000), { delivered: 4_990, cost: 150_000 }).holds).toBe(false);
  });

  it('against a free plan that runs on time (as corrected, say), are held only where they cost less', () => {
    const onTime = { ...late(0), lateLots: 0, lateByWeek: Int32Array.from([0, 0]), lateFinishedQty: 0 };
    expect(heldAgainstFree(free, onTime, { delivered: 5_300, cost: 216_000 })).toMatchObject({ holds: false, onTime: true });
    expect(heldAgainstFree(free, onTime, { delivered: 5_200, cost: 215_000 })).toMatchObject({ holds: true, onTime: true });
  });
});

describe('a late free plan weighed against the previous plan’s weeks', () => {
  it('is weighed as the loop’s correction leaves it: held back, repaired and checked again, with the limits put back after', async () => {
    // Metal S tight 1.0, planned without the loop: a few of its released weeks' lots run late.
    const factory = generateMetalFactory({ size: 'S', seed: 1, tight: 1.0 });
    const solver = await createHighsSolver();
    const run = await planMaster(factory, solver, { timeLimitSeconds: 2, flow: false });
    const { context } = run;
    const weeks = [1, 2, 3, 4];
    const found = checkFlow(factory, run.plan, context, weeks);
    expect(found.lateLots).toBeGreaterThan(0);
    expect(found.lateValue).toBeGreaterThan(0);
    context.heldSlushyWeeks = 2;
    const checked: number[] = [];
    const corrected = await correctedFree(context, solver, run.quantities, found, async (quantities) => {
      // Checked under the limits the correction holds back: every released week learns, none is held at the previous plan.
      checked.push(context.heldSlushyWeeks, context.flowHeld.size);
      return checkFlow(factory, draftPlan(context, quantities), context, weeks);
    }, { timeLimitSeconds: 2 });
    expect(checked[0]).toBe(0);
    expect(checked[1]).toBeGreaterThan(0);
    expect(corrected).toBeDefined();
    // It keeps more of what it promises than the plan as it was: delivered, less what runs late.
    const late = (check: typeof found) => check.lateFinishedQty + check.lateHeldUpQty;
    const delivered = [...run.quantities.delivered.values()].reduce((sum, row) => sum + row.reduce((total, qty) => total + qty, 0), 0);
    expect(corrected!.delivered - late(corrected!.found)).toBeGreaterThan(delivered - late(found));
    expect(corrected!.found.lateLots).toBeLessThan(found.lateLots);
    // The context as it was: the full solve goes on in its own model.
    expect(context.heldSlushyWeeks).toBe(2);
    expect([...context.flowHeld.values()].every((row) => row.every((minutes) => minutes === 0))).toBe(true);
    expect(context.earlyFirm.size).toBe(0);
  }, 60_000);
});

describe('a first plan the learning’s share cut short', () => {
  /** HiGHS, but the LPs with integers fixed find nothing in time while `failing()` says so: as on a slow model whose share ends first. */
  const slowFixedLps = async (failing: () => boolean): Promise<MipSolver> => {
    const highs = await createHighsSolver();
    return {
      name: highs.name,
      solve: async (model, options) => (options?.relax && options.fix && failing() ? { status: 'time-limit', hasSolution: false, objective: Number.NaN, bound: undefined, values: new Float64Array(model.numCols), rowDuals: undefined, seconds: 0 } : highs.solve(model, options)),
    };
  };

  it('is learned on as rounded and repaired where it was not re-optimized: the plan is checked', async () => {
    // Metal L seed 2 tight 1.0 at 20 s: the LP with setups took 4.5 s of the 6 s share, no first
    // plan was re-optimized, and the loop checked nothing: weeks 1-4 at 85-91 % of lots on time.
    let learningShare = true;
    const solver = await slowFixedLps(() => learningShare);
    const messages: string[] = [];
    const run = await planMaster(generateMetalFactory({ size: 'S', seed: 1, tight: 0.8 }), solver, {
      timeLimitSeconds: 2,
      onProgress: (message) => {
        messages.push(message);
        if (message.startsWith('first plan by rounding and repair')) learningShare = false;
      },
    });
    expect(messages.some((message) => message.includes('not re-optimized'))).toBe(true);
    const checks = (run.plan.stats as { flow?: { checks: { plan: string }[] } }).flow!.checks;
    expect(checks.some((check) => check.plan === 'first')).toBe(true);
    expect(checks.some((check) => check.plan === 'final')).toBe(true);
    expect(checkPlan(generateMetalFactory({ size: 'S', seed: 1, tight: 0.8 }), run.plan)).toEqual([]);
  }, 30_000);

  it('leaves the full solve the first plan by economic interval where setups crowd and the share had no time for it', async () => {
    // Metal L seed 2 tight 1.0 at 20 s: that LP took 3 s, the share gave it 1.8 s, and the full
    // solve went on from the other first plans (3.59 M); made there, 1.98 M. Here metal S with
    // setups three times as long (coating's take most of its week), its first such LP not solved.
    const make = () => {
      const factory = generateMetalFactory({ size: 'S', seed: 1, tight: 0.8 });
      for (const routing of factory.routings) for (const step of routing.steps) step.setupMinutes *= 3;
      return factory;
    };
    let fixedLps = 0;
    const solver = await slowFixedLps(() => fixedLps++ === 0);
    const messages: string[] = [];
    const run = await planMaster(make(), solver, { timeLimitSeconds: 4, onProgress: (message) => messages.push(message) });
    const firstCheck = messages.findIndex((message) => message.startsWith('flow check of the first plan'));
    expect(firstCheck).toBeGreaterThan(-1);
    expect(messages.findIndex((message) => message.includes('setups by economic interval'))).toBeGreaterThan(firstCheck);
    expect(checkPlan(make(), run.plan)).toEqual([]);
  }, 30_000);
});
