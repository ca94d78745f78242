/**
 * The Trigeiro, Thomas & McClain (1989) capacitated lot-sizing instances (../shared/benchmarks/
 * clsp-trigeiro): a reader for their file format, and the CLSP built with the engine's
 * LinearModel in the facility-location formulation (production of item i in period s for the
 * demand of period t), whose LP relaxation is the tight one the literature solves it with.
 */
import { LinearModel } from '../../src/engine/linearModel';
import type { HighsSolver } from '../../src/solver/highs';

export interface ClspInstance {
  name: string;
  items: number;
  periods: number;
  capacity: number;
  /** Per item: capacity used per unit, holding cost per unit and period, setup time, setup cost. */
  unitCapacity: number[];
  holdingCost: number[];
  setupTime: number[];
  setupCost: number[];
  /** demand[i][t] */
  demand: number[][];
}

export function parseTrigeiro(name: string, text: string): ClspInstance {
  const numbers = text.split(/\s+/).filter(Boolean);
  let at = 0;
  const next = (what: string): number => {
    const token = numbers[at++];
    const value = Number(token);
    if (token === undefined || !Number.isFinite(value)) throw new Error(`${name}: expected a number for ${what} at token ${at}, found ${JSON.stringify(token)}`);
    return value;
  };
  const items = next('n');
  const periods = next('T');
  next('unit production cost');
  const capacity = next('capacity');
  const unitCapacity: number[] = [];
  const holdingCost: number[] = [];
  const setupTime: number[] = [];
  const setupCost: number[] = [];
  for (let i = 0; i < items; i++) {
    unitCapacity.push(next(`a[${i}]`));
    holdingCost.push(next(`h[${i}]`));
    setupTime.push(next(`st[${i}]`));
    setupCost.push(next(`f[${i}]`));
  }
  const demand = Array.from({ length: items }, () => new Array<number>(periods).fill(0));
  for (let t = 0; t < periods; t++) for (let i = 0; i < items; i++) demand[i]![t] = next(`d[${i}][${t}]`);
  return { name, items, periods, capacity, unitCapacity, holdingCost, setupTime, setupCost, demand };
}

export function buildClspModel(instance: ClspInstance): LinearModel {
  const model = new LinearModel();
  const { items, periods } = instance;
  const capacityRows = Array.from({ length: periods }, () => [] as [number, number][]);
  for (let i = 0; i < items; i++) {
    const setups: number[] = [];
    for (let s = 0; s < periods; s++) {
      setups.push(model.addColumn({ name: `y_${i}_${s}`, kind: 'binary', cost: instance.setupCost[i]! }));
      if (instance.setupTime[i]! > 0) capacityRows[s]!.push([setups[s]!, instance.setupTime[i]!]);
    }
    for (let t = 0; t < periods; t++) {
      const demand = instance.demand[i]![t]!;
      if (demand <= 0) continue;
      const covering: [number, number][] = [];
      for (let s = 0; s <= t; s++) {
        // z = the share of period t's demand made in period s.
        const z = model.addColumn({ name: `z_${i}_${s}_${t}`, upper: 1, cost: instance.holdingCost[i]! * (t - s) * demand });
        covering.push([z, 1]);
        model.addRow(`link_${i}_${s}_${t}`, -Infinity, 0, [[z, 1], [setups[s]!, -1]]);
        capacityRows[s]!.push([z, instance.unitCapacity[i]! * demand]);
      }
      model.addRow(`demand_${i}_${t}`, 1, 1, covering);
    }
  }
  for (let s = 0; s < periods; s++) model.addRow(`capacity_${s}`, -Infinity, instance.capacity, capacityRows[s]!);
  return model;
}

/**
 * A first plan by relax-and-fix over time windows (Dillenberger et al. 1994; Stadtler 2003): the
 * setups of one window integer, later ones relaxed, earlier ones fixed, window after window.
 * Handed to the full MIP as its starting incumbent, so that tight instances (where branch and
 * bound alone may find no plan within the limit) have one. On tight instances a window can leave
 * no feasible completion (the relaxed future underrates setup times); then it starts over with
 * another window width while time remains.
 */
export function relaxAndFixStart(instance: ClspInstance, model: LinearModel, solver: HighsSolver, seconds: number, widths = [4, 3, 5, 2]): Float64Array | undefined {
  const started = performance.now();
  const left = () => seconds - (performance.now() - started) / 1000;
  for (const width of widths) {
    if (left() <= 0.05) return undefined;
    // Each try may use most of what is left, keeping some for the next width.
    const start = relaxAndFixPass(instance, model, solver, left() * 0.7, width);
    if (start) return start;
  }
  return undefined;
}

function relaxAndFixPass(instance: ClspInstance, model: LinearModel, solver: HighsSolver, seconds: number, width: number): Float64Array | undefined {
  const columns = new Map(model.colNames.map((name, index) => [name, index]));
  const setupColumn = (item: number, period: number) => columns.get(`y_${item}_${period}`)!;
  const started = performance.now();
  const fixed: [number, number, number][] = [];
  let values: Float64Array | undefined;
  for (let from = 0; from < instance.periods; from += width) {
    const to = Math.min(instance.periods, from + width);
    const relaxColumns: number[] = [];
    for (let item = 0; item < instance.items; item++) for (let period = to; period < instance.periods; period++) relaxColumns.push(setupColumn(item, period));
    const windowsLeft = Math.ceil((instance.periods - from) / width);
    const left = seconds - (performance.now() - started) / 1000;
    const result = solver.solveNow(model, { timeLimitSeconds: Math.max(0.05, left / windowsLeft), mipRelGap: 1e-3, fix: fixed, relaxColumns });
    if (!result.hasSolution) return undefined;
    values = result.values;
    for (let item = 0; item < instance.items; item++) {
      for (let period = from; period < to; period++) {
        const column = setupColumn(item, period);
        const open = values[column]! > 0.5 ? 1 : 0;
        fixed.push([column, open, open]);
      }
    }
  }
  return values;
}
