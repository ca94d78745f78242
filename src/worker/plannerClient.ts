import * as Comlink from 'comlink';
import type { PlannerApi } from './plannerApi';

let worker: Worker | undefined;
let planner: Comlink.Remote<PlannerApi> | undefined;
const inFlight = new Set<(error: Error) => void>();

/** The app's one planner worker, started on first use. */
export function plannerWorker(): Comlink.Remote<PlannerApi> {
  if (!planner) {
    worker = new Worker(new URL('./planner.worker.ts', import.meta.url), { type: 'module', name: 'ponte-planner' });
    planner = Comlink.wrap<PlannerApi>(worker);
  }
  return planner;
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/** A call to the worker that `stopPlannerWorker` can end: it then rejects with CancelledError. */
export function cancellable<T>(call: Promise<T>): Promise<T> {
  let reject: (error: Error) => void = () => {};
  const stopped = new Promise<never>((_, fail) => (reject = fail));
  inFlight.add(reject);
  return Promise.race([call, stopped]).finally(() => inFlight.delete(reject));
}

/**
 * Ends the worker and what it computes. The schedule search runs without pausing, so a message
 * asking it to stop would wait for its end; ending the worker is the one way to stop it at once.
 * The next call starts a fresh worker (HiGHS loads again, about a second).
 */
export function stopPlannerWorker(): void {
  worker?.terminate();
  worker = undefined;
  planner = undefined;
  for (const reject of inFlight) reject(new CancelledError());
  inFlight.clear();
}

export { Comlink };
