/**
 * The HiGHS side of an isolated solver, whatever hosts it (a Node worker thread or a Web Worker):
 * it keeps the models it was sent and answers each solve. HiGHS blocks this thread while it runs,
 * so a stop can only reach it through shared memory (read at the MIP callbacks) or by the
 * thread being ended.
 */
import type { SolveOptions } from '../engine/linearModel';
import { createHighsSolver } from './highs';
import type { FromSolverThread, ModelSnapshot, ToSolverThread } from './protocol';
import { warmUpModel } from './warmUp';

export async function serveSolver(post: (message: FromSolverThread, transfer?: Transferable[]) => void): Promise<(message: ToSolverThread) => void> {
  const solver = await createHighsSolver();
  const models = new Map<number, ModelSnapshot>();
  let stopFlag: Int32Array | undefined;
  post({ kind: 'ready', name: solver.name });
  return (message) => {
    if (message.kind === 'init') {
      stopFlag = message.stopFlag;
      return;
    }
    if (message.kind === 'warm-up') {
      try {
        solver.solveNow(warmUpModel(), { relax: true });
      } catch {
        // A warm-up that fails costs the first solve its speed, nothing else.
      }
      return;
    }
    try {
      if (message.model) {
        // One model at a time is all the engine solves; an older one is dropped with its memory.
        models.clear();
        models.set(message.modelKey, message.model);
      }
      const model = models.get(message.modelKey);
      if (!model) throw new Error(`model ${message.modelKey} was never sent to this solver thread`);
      const flag = stopFlag;
      // Each new incumbent goes back at once (a few per solve): if the watchdog has to end this
      // thread, the engine keeps the best plan HiGHS had found instead of losing the whole MIP.
      const onIncumbent = (objective: number, values: Float64Array) => {
        const copy = Float64Array.from(values);
        post({ kind: 'incumbent', id: message.id, objective, values: copy }, [copy.buffer]);
      };
      // The MIP's proven bound as it rises, for the same reason: the plan's gap stays true. Sent when it
      // has risen by a ten-thousandth, not at every callback.
      let sentBound = -Infinity;
      const onDualBound = (bound: number) => {
        if (bound - sentBound <= 1e-4 * Math.max(1, Math.abs(bound))) return;
        sentBound = bound;
        post({ kind: 'bound', id: message.id, bound });
      };
      const options: SolveOptions = { ...message.options, onIncumbent, onDualBound, ...(flag ? { shouldStop: () => Atomics.load(flag, 0) !== 0 } : {}) };
      const result = solver.solveNow(model, options, 'mip');
      post({ kind: 'result', id: message.id, result }, [result.values.buffer, ...(result.rowDuals ? [result.rowDuals.buffer] : []), ...(result.basis ? [result.basis.colStatus.buffer, result.basis.rowStatus.buffer] : [])]);
    } catch (error) {
      post({ kind: 'error', id: message.id, message: error instanceof Error ? error.message : String(error) });
    }
  };
}
