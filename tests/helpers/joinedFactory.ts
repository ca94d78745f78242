import type { Factory } from '../../src/domain/types';
import { addGood, tinyFactory } from './tinyFactory';

/** A deterministic stream of numbers in [0, 1). */
export function random(seed: number): () => number {
  let state = seed * 2654435761;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/**
 * Small enough for the exact MIP, and joined every way the bound separates: three goods on one
 * work center with setups and lot rules, a component they share (made on a second work center,
 * with its own setup), and a material bought with a minimum order and a multiple.
 */
export function joinedFactory(seed: number): Factory {
  const next = random(seed);
  const factory = tinyFactory();
  factory.horizonWeeks = 6;
  addGood(factory, 'FG2');
  addGood(factory, 'FG3');
  factory.items.push({ id: 'SUB', name: 'Sub-assembly', type: 'intermediate', uom: 'pc', unitCost: 2, holdingCostPerWeek: 0.02, onHand: Math.round(next() * 200) });
  factory.resources.push({ id: 'WC2', name: 'Sub-assembly line', calendar: 'DAY', efficiency: 1, machines: [{ id: 'S1' }] });
  factory.routings = ['FG', 'FG2', 'FG3'].map((item) => ({ item, steps: [{ step: 10, resource: 'WC', runMinutesPerUnit: 5 + Math.round(next() * 6), setupMinutes: 60 + Math.round(next() * 240) }] }));
  factory.routings.push({ item: 'SUB', steps: [{ step: 10, resource: 'WC2', runMinutesPerUnit: 6 + Math.round(next() * 6), setupMinutes: 120 }] });
  for (const good of ['FG', 'FG2']) factory.boms.push({ parent: good, component: 'SUB', qtyPer: 1 });
  for (const item of factory.items) {
    if (item.type !== 'finished') continue;
    item.holdingCostPerWeek = 0.05 + next() * 0.4;
    if (next() < 0.5) item.lotMultiple = 10 * (1 + Math.round(next() * 4));
    if (next() < 0.5) item.lotMin = 50;
  }
  factory.items.find((item) => item.id === 'RM')!.onHand = Math.round(next() * 400);
  factory.suppliers[0]!.items[0] = { item: 'RM', price: 1, minOrderQty: 300, orderMultiple: 100 };
  factory.forecast = ['FG', 'FG2', 'FG3'].flatMap((item) => Array.from({ length: 6 }, (_, week) => ({ item, week, qty: Math.round(next() < 0.2 ? 0 : 40 + next() * 160) })));
  return factory;
}
