/**
 * What the planner worker offers the app: the Master Plan and the frozen-week schedule with their
 * self-checks, computed off the main thread. Kept apart from the worker entry so it can be tested
 * without a Worker.
 */
import type { Factory, Plan, Schedule } from '../domain/types';
import { scheduleFrozenWeeks } from '../engine/aps/index';
import { reoptimizeAroundPins } from '../engine/aps/reoptimize';
import type { KernelLayout, SequenceKernel } from '../engine/aps/kernel/layout';
import type { ProgressPoint } from '../engine/aps/search';
import { describeShortfalls } from '../engine/masterPlan/describe';
import type { WeekScheduler } from '../engine/masterPlan/flow';
import { planMaster, type SolverPoint } from '../engine/masterPlan/index';
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
  /** Set when the solver was ended from outside: overrunning its limit, or by Cancel. */
  stopped: 'time-limit' | 'cancelled' | null;
}

export interface ScheduleRequest {
  factory: Factory;
  plan: Plan;
  timeLimitSeconds: number;
  seed?: number;
  /** One week of the plan alone; the frozen weeks by default. */
  week?: number;
}

export interface ScheduleResponse {
  /** Violations inside are the self-check's: empty when every rule holds. */
  schedule: Schedule;
  /** The kernel that priced the moves: 'WebAssembly' unless it could not be loaded. */
  kernel: string;
  iterations: number;
  seconds: number;
  progress: ProgressPoint[];
}

export interface ReoptimizeRequest {
  factory: Factory;
  plan: Plan;
  /** The schedule as the planner left it on the Gantt. */
  schedule: Schedule;
  /** Operations that keep their machine and instant. */
  pinned: string[];
  timeLimitSeconds: number;
  seed?: number;
  week?: number;
}

export interface ReoptimizeResponse extends ScheduleResponse {
  pinsMoved: { operation: string; from: string; to: string }[];
}

export type KernelFactory = (layout: KernelLayout) => SequenceKernel;

/** `weekPool`: threads that check the closed loop's released weeks side by side, for one factory (closed after the plan). */
export function createPlannerApi(loadSolver: () => Promise<MipSolver>, loadKernel?: () => Promise<KernelFactory>, weekPool?: (factory: Factory) => (WeekScheduler & { close(): void }) | undefined) {
  let solver: Promise<MipSolver> | undefined;
  let kernel: Promise<KernelFactory> | undefined;
  let cancelled = false;
  return {
    async plan(request: PlanRequest, onProgress?: (message: string) => void, onPoint?: (point: SolverPoint) => void): Promise<PlanResponse> {
      solver ??= loadSolver();
      // The closed loop with the APS schedules the released weeks: with the WebAssembly kernel where it loads.
      if (loadKernel) kernel ??= loadKernel();
      cancelled = false;
      const started = performance.now();
      const weekScheduler = weekPool?.(request.factory);
      const run = await planMaster(request.factory, await solver, {
        timeLimitSeconds: request.timeLimitSeconds,
        flow: { ...(kernel ? { kernelFactory: await kernel } : {}), ...(weekScheduler ? { weekScheduler } : {}) },
        shouldStop: () => cancelled,
        ...(onProgress ? { onProgress } : {}),
        ...(onPoint ? { onPoint } : {}),
      }).finally(() => weekScheduler?.close());
      return {
        plan: run.plan,
        shortfalls: describeShortfalls(request.factory, run.plan),
        violations: checkPlan(request.factory, run.plan),
        gap: run.gap ?? null,
        strategy: run.strategy,
        seconds: (performance.now() - started) / 1000,
        stopped: run.stopped ?? (cancelled ? 'cancelled' : null),
      };
    },

    /** Stops the plan being computed: it comes back at once with the best plan in hand. */
    cancel(): void {
      cancelled = true;
    },

    async schedule(request: ScheduleRequest, onProgress?: (point: ProgressPoint) => void): Promise<ScheduleResponse> {
      if (loadKernel) kernel ??= loadKernel();
      const run = scheduleFrozenWeeks(request.factory, request.plan, {
        timeLimitSeconds: request.timeLimitSeconds,
        seed: request.seed ?? 1,
        ...(request.week !== undefined ? { week: request.week } : {}),
        ...(kernel ? { kernelFactory: await kernel } : {}),
        ...(onProgress ? { onProgress } : {}),
      });
      return { schedule: run.schedule, kernel: run.kernel, iterations: run.iterations, seconds: run.seconds, progress: run.progress };
    },

    /** Re-sequences a schedule around its pinned operations, starting from it as it is. */
    async reoptimize(request: ReoptimizeRequest, onProgress?: (point: ProgressPoint) => void): Promise<ReoptimizeResponse> {
      if (loadKernel) kernel ??= loadKernel();
      const run = reoptimizeAroundPins(request.factory, request.plan, request.schedule, {
        pinned: request.pinned,
        timeLimitSeconds: request.timeLimitSeconds,
        seed: request.seed ?? 1,
        ...(request.week !== undefined ? { week: request.week } : {}),
        ...(kernel ? { kernelFactory: await kernel } : {}),
        ...(onProgress ? { onProgress } : {}),
      });
      return { schedule: run.schedule, kernel: run.kernel, iterations: run.iterations, seconds: run.seconds, progress: run.progress, pinsMoved: run.pinsMoved };
    },
  };
}

export type PlannerApi = ReturnType<typeof createPlannerApi>;
