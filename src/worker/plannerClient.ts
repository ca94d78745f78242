import * as Comlink from 'comlink';
import type { PlannerApi } from './plannerApi';

let planner: Comlink.Remote<PlannerApi> | undefined;

/** The app's one planner worker, started on first use. */
export function plannerWorker(): Comlink.Remote<PlannerApi> {
  planner ??= Comlink.wrap<PlannerApi>(new Worker(new URL('./planner.worker.ts', import.meta.url), { type: 'module', name: 'ponte-planner' }));
  return planner;
}

export { Comlink };
