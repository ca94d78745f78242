/**
 * The closed loop's released weeks scheduled side by side, one week a thread (masterPlan/flow.ts,
 * WeekScheduler). A check schedules four weeks one after another in 2.0-2.3 s on L; while it
 * runs, the solver's thread waits, so even two cores can take two weeks at once. The threads get
 * the factory once and each check's plan with every week; the host (Node worker thread, Web
 * Worker) is given as a `spawn` function, as for the solver (solver/isolated.ts).
 */
import type { Factory, Plan } from '../domain/types';
import { firmOrderDues } from '../engine/aps/instance';
import type { WeekFlow, WeekScheduler, WeekSearch } from '../engine/masterPlan/flow';
import type { FromFlowWeekThread, ToFlowWeekThread } from './flowWeekProtocol';

export interface WeekThread {
  post(message: ToFlowWeekThread): void;
  terminate(): void;
  /** Under Node: keep the process alive while a week is awaited, and only then. */
  hold?(busy: boolean): void;
}

export type SpawnWeekThread = (onMessage: (message: FromFlowWeekThread) => void, onFailure: (error: Error) => void) => WeekThread;

interface Pending {
  resolve: (flow: WeekFlow) => void;
  reject: (error: Error) => void;
}

interface Live {
  thread: WeekThread;
  pending: Map<number, Pending>;
  /** Weeks queued on it: the next week goes to the thread with the fewest. */
  queued: number;
}

export class WeekPool implements WeekScheduler {
  private threads: Live[] = [];
  private nextId = 1;
  private failed: Error | undefined;

  /**
   * As many threads as the factory's released weeks (the slushy zone's, four in the demo), at most
   * the cores: the solver's thread waits while the weeks are checked. Undefined under two, where
   * the loop checks in its own thread.
   */
  static forFactory(factory: Factory, spawn: SpawnWeekThread, cores: number): WeekPool | undefined {
    const threads = Math.min(factory.policy.fences.slushyWeeks, cores);
    return threads >= 2 ? new WeekPool(factory, spawn, threads) : undefined;
  }

  /** `parallel`: threads to start (two weeks or more at once, or the loop checks in its own thread). */
  constructor(
    private readonly factory: Factory,
    private readonly spawn: SpawnWeekThread,
    readonly parallel: number,
  ) {}

  /** Starts the threads and sends them the factory (a thread starts in about 0.4 s under Node: before the first check needs it). */
  start(): void {
    while (!this.failed && this.threads.length < this.parallel) {
      const live: Live = {
        thread: this.spawn(
          (message) => this.received(live, message),
          (error) => this.fail(error),
        ),
        pending: new Map(),
        queued: 0,
      };
      live.thread.post({ kind: 'factory', factory: this.factory });
      live.thread.hold?.(false);
      this.threads.push(live);
    }
  }

  schedule(plan: Plan, weeks: readonly number[], search: WeekSearch): Promise<WeekFlow[]> {
    if (this.failed) return Promise.reject(this.failed);
    this.start();
    const dues = [...firmOrderDues(this.factory, plan)];
    const weekOf = (week: number): Plan => ({ ...plan, production: plan.production.filter((line) => line.week === week), purchases: [], constrainedDemand: [], capacity: [], changes: [] });
    return Promise.all(
      weeks.map((week) => {
        const live = this.threads.reduce((best, candidate) => (candidate.queued < best.queued ? candidate : best));
        const id = this.nextId++;
        live.queued++;
        live.thread.hold?.(true);
        return new Promise<WeekFlow>((resolve, reject) => {
          live.pending.set(id, { resolve, reject });
          live.thread.post({ kind: 'week', id, plan: weekOf(week), dues, week, search });
        });
      }),
    );
  }

  /** Ends the threads; weeks still awaited are refused. */
  close(): void {
    this.fail(new Error('the week pool was closed'));
  }

  private received(live: Live, message: FromFlowWeekThread): void {
    const pending = live.pending.get(message.id);
    if (!pending) return;
    live.pending.delete(message.id);
    live.queued--;
    if (live.queued === 0) live.thread.hold?.(false);
    if (message.kind === 'week') pending.resolve(message.flow);
    else pending.reject(new Error(`a week could not be scheduled in its thread: ${message.message}`));
  }

  private fail(error: Error): void {
    if (this.failed) return;
    this.failed = error;
    for (const live of this.threads) {
      live.thread.terminate();
      for (const pending of live.pending.values()) pending.reject(error);
      live.pending.clear();
    }
    this.threads = [];
  }
}
