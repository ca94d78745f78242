/// <reference lib="webworker" />
// The engine behind Comlink: planning and scheduling block for seconds and must never freeze the page.
import * as Comlink from 'comlink';
import type { Factory } from '../domain/types';
import { IsolatedSolver, type SpawnSolverThread } from '../solver/isolated';
import type { FromSolverThread } from '../solver/protocol';
import type { FromFlowWeekThread } from './flowWeekProtocol';
import { loadKernel } from './loadKernel';
import { createPlannerApi } from './plannerApi';
import { WeekPool, type SpawnWeekThread } from './weekPool';

/** HiGHS in a nested worker that the watchdog (and Cancel) can end. */
const spawnHighsWorker: SpawnSolverThread = (onMessage, onFailure) => {
  const worker = new Worker(new URL('./highs.worker.ts', import.meta.url), { type: 'module', name: 'ponte-highs' });
  worker.onmessage = (event: MessageEvent<FromSolverThread>) => onMessage(event.data);
  worker.onerror = (event) => onFailure(new Error(event.message || 'the HiGHS worker failed to load'));
  return {
    post: (message, transfer) => worker.postMessage(message, transfer ?? []),
    terminate: () => worker.terminate(),
  };
};

/** A week of the closed loop's checks in a nested worker of its own, beside the others. */
const spawnFlowWeekWorker: SpawnWeekThread = (onMessage, onFailure) => {
  const worker = new Worker(new URL('./flowWeek.worker.ts', import.meta.url), { type: 'module', name: 'ponte-flow-week' });
  worker.onmessage = (event: MessageEvent<FromFlowWeekThread>) => onMessage(event.data);
  worker.onerror = (event) => onFailure(new Error(event.message || 'a week worker failed to load'));
  return { post: (message) => worker.postMessage(message), terminate: () => worker.terminate() };
};

/** Workers for the factory's released weeks, at most the device's cores (WeekPool.forFactory). */
const weekPool = (factory: Factory) => WeekPool.forFactory(factory, spawnFlowWeekWorker, navigator.hardwareConcurrency || 1);

Comlink.expose(createPlannerApi(() => IsolatedSolver.start(spawnHighsWorker), loadKernel, weekPool));
