/**
 * What the planner worker offers the app: the Master Plan and its self-check, computed off the
 * main thread. Kept apart from the worker entry so it can be tested without a Worker.
 */
import type { Factory, Plan } from '../domain/types';
import { describeShortfalls } from '../engine/masterPlan/describe';
import { planMaster } from '../engine/masterPlan/index';
import { checkPlan, type PlanViolation } from '../engine/planCheck';
import type { MipSolver } from '../engine/linearModel';

export interface PlanRequest {
  factory: Factory;
  timeLimitSeconds: number;
}

export interface PlanResponse {
  plan: Plan;
  /** Shortfalls as sentences, in item and week order. */
  shortfalls: string[];
  violations: PlanViolation[];
  gap: number | null;
  strategy: string;
  seconds: number;
}

export function createPlannerApi(loadSolver: () => Promise<MipSolver>) {
  let solver: Promise<MipSolver> | undefined;
  return {
    async plan(request: PlanRequest, onProgress?: (message: string) => void): Promise<PlanResponse> {
      solver ??= loadSolver();
      const started = performance.now();
      const run = planMaster(request.factory, await solver, { timeLimitSeconds: request.timeLimitSeconds, ...(onProgress ? { onProgress } : {}) });
      return {
        plan: run.plan,
        shortfalls: describeShortfalls(request.factory, run.plan),
        violations: checkPlan(request.factory, run.plan),
        gap: run.gap ?? null,
        strategy: run.strategy,
        seconds: (performance.now() - started) / 1000,
      };
    },
  };
}

export type PlannerApi = ReturnType<typeof createPlannerApi>;
