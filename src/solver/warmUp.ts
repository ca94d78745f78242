/**
 * A small lot-sizing LP that a fresh solver thread solves before its first real model. HiGHS's
 * WebAssembly starts in V8's baseline code and is optimized only once hot: the first LP in a fresh
 * thread ran 0.5 s slower than the same LP again (food M: 1.07 s, then 0.56 s; with a warm-up
 * first, 0.58-0.64 s). The thread warms up while the engine builds its model, so the planner's
 * first LP finds HiGHS's code already optimized.
 */
import { LinearModel } from '../engine/linearModel';

/** Items × weeks of a capacitated lot-sizing LP sharing three work centers, its data from a fixed sequence. */
export function warmUpModel(items = 30, weeks = 26): LinearModel {
  const model = new LinearModel();
  let seed = 12345;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const capacityEntries: [number, number][][] = Array.from({ length: 3 * weeks }, () => []);
  for (let item = 0; item < items; item++) {
    const resource = item % 3;
    const run = 0.5 + next();
    const setupMinutes = 30 + 60 * next();
    let stock = -1;
    for (let week = 0; week < weeks; week++) {
      const demand = Math.round(200 + 400 * next());
      const make = model.addColumn({ name: `x${item}@${week}`, upper: 4000 });
      const setup = model.addColumn({ name: `y${item}@${week}`, upper: 1, cost: 40 + 40 * next() });
      const held = model.addColumn({ name: `s${item}@${week}`, cost: 0.05 + 0.1 * next() });
      const lost = model.addColumn({ name: `l${item}@${week}`, cost: 10 });
      model.addRow(`b${item}@${week}`, demand, demand, [[make, 1], [lost, 1], [held, -1], ...(stock >= 0 ? [[stock, 1] as [number, number]] : [])]);
      model.addRow(`u${item}@${week}`, -Infinity, 0, [[make, 1], [setup, -4000]]);
      capacityEntries[resource * weeks + week]!.push([make, run], [setup, setupMinutes]);
      stock = held;
    }
  }
  for (let row = 0; row < capacityEntries.length; row++) model.addRow(`c${row}`, -Infinity, 2400 * (items / 3) * 0.45, capacityEntries[row]!);
  return model;
}
