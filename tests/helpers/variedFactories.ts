/**
 * One S factory of every kind, each at another seed and tightness: what a property that must hold
 * for every plan (a bound never above it, a cut that holds at it) is checked on.
 */
import { generateDemoFactory } from '../../src/demo/generator';
import { generateMetalFactory } from '../../src/demo/metal';
import type { Factory } from '../../src/domain/types';

export const variedSFactories: [string, () => Factory][] = [
  ['food S', () => generateDemoFactory({ kind: 'food', size: 'S', seed: 3, tight: 1.0 })],
  ['paint S', () => generateDemoFactory({ kind: 'paint', size: 'S', seed: 4, tight: 1.2 })],
  ['mixed S', () => generateDemoFactory({ kind: 'mixed', size: 'S', seed: 5, tight: 0.8 })],
  ['metal S', () => generateMetalFactory({ size: 'S', seed: 6, tight: 1.0 })],
];
