/**
 * Which units of measure count whole things. An item counted in pieces, cases, cans, kits (and
 * the like) is planned, made and bought in whole units: nobody makes 2.46 shelving racks. Any
 * other unit (kg, L, m, m², …) is continuous and is planned to a thousandth of the unit (a gram,
 * a millilitre), which is as fine as any scale or meter on a shop floor reads.
 */

/** Counted units, singular, lower case. A plural or a trailing dot ("pcs", "cases", "ea.") is read as the singular. */
const WHOLE_UNITS = new Set([
  'pc', 'piece', 'ea', 'each', 'unit', 'u', 'item', 'count', 'ct', 'nos', 'no',
  'case', 'cs', 'can', 'kit', 'box', 'bx', 'carton', 'ctn', 'pallet', 'plt', 'pack', 'pk', 'packet',
  'bottle', 'btl', 'jar', 'tin', 'pail', 'drum', 'tote', 'bag', 'sack', 'tray', 'crate', 'bundle',
  'set', 'pair', 'roll', 'reel', 'coil', 'sheet', 'panel', 'bar', 'tube', 'cartridge', 'assembly', 'module',
  'rack', 'frame', 'doz', 'dozen',
]);

function singular(uom: string): string {
  const word = uom.trim().toLowerCase().replace(/\.$/, '');
  if (WHOLE_UNITS.has(word)) return word;
  if (word.endsWith('es') && WHOLE_UNITS.has(word.slice(0, -2))) return word.slice(0, -2);
  if (word.endsWith('s') && WHOLE_UNITS.has(word.slice(0, -1))) return word.slice(0, -1);
  return word;
}

/** True when the unit counts whole things (pieces, cases, cans, kits, …). */
export function isWholeUnit(uom: string): boolean {
  return WHOLE_UNITS.has(singular(uom));
}

/** The smallest quantity a plan speaks of in this unit: 1 for counted units, 0.001 otherwise. */
export function unitQuantum(uom: string): number {
  return isWholeUnit(uom) ? 1 : 0.001;
}

/** A quantity written at its unit's precision (and free of float noise such as 527.999998). */
export function atUnitPrecision(qty: number, uom: string): number {
  const quantum = unitQuantum(uom);
  return quantum === 1 ? Math.round(qty) : Math.round(qty * 1000) / 1000;
}
