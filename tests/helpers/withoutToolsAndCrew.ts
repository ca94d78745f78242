import type { Factory } from '../../src/domain/types';

/**
 * A factory without its tools and labor pool: the regression factory as HiGHS overran on it
 * (../shared/benchmarks/regressions/metal-S-time-limit.json). With their rows in the Master Plan
 * (masterPlan/secondary.ts) the MIP on it ends by its limit (`ponte plan` at 20 s: back at 11 s,
 * not stopped); without them it still overruns (stopped after 6.4 s of a 5.9 s slice).
 */
export function withoutToolsAndCrew(factory: Factory): Factory {
  const copy: Factory = structuredClone(factory);
  copy.tools = [];
  copy.laborPools = [];
  delete copy.policy.laborPool;
  for (const routing of copy.routings) {
    for (const step of routing.steps) {
      delete step.tools;
      delete step.operators;
    }
  }
  return copy;
}
