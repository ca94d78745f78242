/**
 * Quantities snapped to the lot rules and to the unit: a lot is 0 or at least `lotMin`, and a
 * multiple of its step: the item's `lotMultiple`, else its unit's quantum (1 for counted units,
 * a thousandth otherwise, see domain/units.ts). Purchases likewise with `minOrderQty` and the
 * order step. Shared by the MRP first plans and the extraction of solver values.
 */
import type { PurchaseOption } from './context';

export const EPS = 1e-6;
export const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

/** The smallest lot at least `qty` (and `lotMin`). */
export function lotUp(qty: number, lotMin: number, step: number): number {
  return round6(Math.ceil(Math.max(qty, lotMin) / step - 1e-9) * step);
}

/** The largest lot at most `qty` (a millionth of a step forgiven), or 0 below `lotMin`. */
export function lotDown(qty: number, lotMin: number, step: number): number {
  const snapped = round6(Math.floor(qty / step + 1e-6) * step);
  return snapped < lotMin - 1e-9 || snapped < EPS ? 0 : snapped;
}

/** The nearest lot: from an LP relaxation, which repair then cuts back where it does not fit. */
export function lotNearest(qty: number, lotMin: number, step: number): number {
  if (qty < EPS) return 0;
  if (qty < lotMin) return qty >= 0.5 * lotMin ? lotUp(lotMin, lotMin, step) : 0;
  return round6(Math.max(Math.round(qty / step), Math.ceil(lotMin / step - 1e-9)) * step);
}

/** An order of at least `qty`, to the supplier's minimum and step, never past its weekly capacity. */
export function orderUp(qty: number, option: PurchaseOption): number {
  if (qty < EPS) return 0;
  const step = option.orderStep;
  let snapped = Math.ceil(Math.max(qty, option.minOrderQty) / step - 1e-6) * step;
  const cap = option.capacityPerWeek;
  if (cap !== undefined && snapped > cap + 1e-9) snapped = Math.floor(cap / step + 1e-9) * step;
  return snapped < option.minOrderQty - 1e-9 ? 0 : round6(snapped);
}

/**
 * Lots merged into fewer, larger ones where one setup costs more than holding the later weeks'
 * units: each lot is a sum of the given lots of consecutive weeks, made in the first of them, at
 * the least setup and holding cost (Wagner–Whitin's recursion over the given lots, exact for one
 * item without capacity). In place, from `fromWeek` on; a merged lot is a sum of lots, so it keeps
 * their lot rules. Lot for lot, the levelled plan of mixed XL (52 weeks) set up every item every
 * week: 3.9 M of setups, the LP 0.26 M. Returns what the merged lots cost in setups and holding.
 */
export function economicLots(row: Float64Array, fromWeek: number, setupCost: number, holdingPerWeek: number): number {
  const start = Math.max(0, fromWeek);
  const n = row.length - start;
  if (setupCost <= 0) return 0;
  if (n <= 1) return n === 1 && row[start]! > EPS ? setupCost : 0;
  // least[j]: the least cost of weeks start..start+j-1; lotOf[j]: where the lot covering week
  // start+j-1 is made (when that week has a lot to cover).
  const least = new Float64Array(n + 1);
  const lotOf = new Int32Array(n + 1).fill(-1);
  for (let j = 1; j <= n; j++) {
    const week = start + j - 1;
    if (row[week]! <= EPS) {
      least[j] = least[j - 1]!;
      continue;
    }
    least[j] = Infinity;
    // Made in week i, the lots of weeks i+1..week are held: held(i-1) = held(i) + h × units after i-1.
    let held = 0;
    let units = 0;
    for (let i = week; i >= start; i--) {
      if (row[i]! > EPS) {
        const cost = least[i - start]! + setupCost + held;
        if (cost < least[j]!) {
          least[j] = cost;
          lotOf[j] = i;
        }
      }
      units += row[i]!;
      held += holdingPerWeek * units;
    }
  }
  let j = n;
  while (j > 0) {
    if (row[start + j - 1]! <= EPS) {
      j--;
      continue;
    }
    const lot = lotOf[j]!;
    for (let week = lot + 1; week < start + j; week++) {
      row[lot] = round6(row[lot]! + row[week]!);
      row[week] = 0;
    }
    j = lot - start;
  }
  return least[n]!;
}
