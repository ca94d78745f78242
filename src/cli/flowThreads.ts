/** The closed loop's week pool under Node (command line, benchmarks, tests): worker threads. */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Factory } from '../domain/types';
import type { FromFlowWeekThread } from '../worker/flowWeekProtocol';
import { WeekPool, type SpawnWeekThread } from '../worker/weekPool';

export const spawnFlowWeekThread: SpawnWeekThread = (onMessage, onFailure) => {
  const worker = new Worker(new URL('./flowThread.node.mjs', import.meta.url));
  let ended = false;
  worker.on('message', (message: FromFlowWeekThread) => onMessage(message));
  worker.on('error', (error) => onFailure(error));
  worker.on('exit', (code) => void (ended || onFailure(new Error(`a week thread exited with code ${code}`))));
  return {
    post: (message) => worker.postMessage(message),
    terminate: () => {
      ended = true;
      void worker.terminate();
    },
    // An idle thread must never keep a finished command alive.
    hold: (busy) => (busy ? worker.ref() : worker.unref()),
  };
};

/** Threads for the factory's released weeks, at most the machine's cores (WeekPool.forFactory). */
export function createFlowWeekPool(factory: Factory): WeekPool | undefined {
  return WeekPool.forFactory(factory, spawnFlowWeekThread, availableParallelism());
}
