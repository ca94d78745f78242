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

/**
 * As many threads as the released weeks (the slushy zone's, four in the demo), at most the machine's cores: the solver's thread
 * waits while the weeks are checked. Undefined on one core, where the loop checks in its own thread.
 */
export function createFlowWeekPool(factory: Factory): WeekPool | undefined {
  const threads = Math.min(factory.policy.fences.slushyWeeks, availableParallelism());
  return threads >= 2 ? new WeekPool(factory, spawnFlowWeekThread, threads) : undefined;
}
