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
