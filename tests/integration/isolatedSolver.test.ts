/**
 * The watchdog of the isolated solver against a solver thread that never answers (what HiGHS
 * does when it overruns its limit): a real worker thread that spins forever, ended from outside.
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { grownBasis, LinearModel } from '../../src/engine/linearModel';
import { generateDemoFactory } from '../../src/demo/generator';
import { buildPlanModel } from '../../src/engine/masterPlan/index';
import { IsolatedSolver, type SpawnSolverThread } from '../../src/solver/isolated';
import { spawnNodeSolverThread } from '../../src/solver/node';
import { createHighsSolver } from '../../src/solver/highs';
import type { FromSolverThread } from '../../src/solver/protocol';

/** A thread that loads "a solver" and then spins on its first solve, as HiGHS stuck in a MIP does. */
const HUNG_THREAD = `
const { parentPort } = require('node:worker_threads');
parentPort.postMessage({ kind: 'ready', name: 'HiGHS 0.0.0 (WebAssembly)' });
parentPort.on('message', (message) => { if (message.kind === 'solve') for (;;) {} });
`;

/** As HUNG_THREAD, after reporting an incumbent (x = 3, y = 0: objective 3) as HiGHS does when it finds one. */
const HUNG_AFTER_INCUMBENT = `
const { parentPort } = require('node:worker_threads');
parentPort.postMessage({ kind: 'ready', name: 'HiGHS 0.0.0 (WebAssembly)' });
parentPort.on('message', (message) => {
  if (message.kind !== 'solve') return;
  parentPort.postMessage({ kind: 'incumbent', id: message.id, objective: 3, values: new Float64Array([3, 0]) });
  parentPort.postMessage({ kind: 'bound', id: message.id, bound: 1.5 });
  parentPort.postMessage({ kind: 'bound', id: message.id, bound: 2 });
  for (;;) {}
});
`;

/**
 * A thread that runs past its limit as HiGHS does inside a long node, reading the stop flag as
 * HiGHS's MIP callbacks do, and hands back its incumbent (objective 3) once the flag is up.
 */
const HEEDS_STOP_FLAG = `
const { parentPort } = require('node:worker_threads');
let flag;
parentPort.postMessage({ kind: 'ready', name: 'HiGHS 0.0.0 (WebAssembly)' });
parentPort.on('message', (message) => {
  if (message.kind === 'init') flag = message.stopFlag;
  if (message.kind !== 'solve') return;
  parentPort.postMessage({ kind: 'incumbent', id: message.id, objective: 3, values: new Float64Array([3, 0]) });
  while (Atomics.load(flag, 0) === 0) Atomics.wait(flag, 0, 0, 10);
  parentPort.postMessage({ kind: 'result', id: message.id, result: { status: 'interrupted', hasSolution: true, objective: 3, bound: 2, values: new Float64Array([3, 0]), rowDuals: undefined, seconds: 0 } });
});
`;

function spawnHungThenReal(hung = HUNG_THREAD): { spawn: SpawnSolverThread; spawned: () => number } {
  let count = 0;
  const spawn: SpawnSolverThread = (onMessage, onFailure) => {
    count++;
    if (count > 1) return spawnNodeSolverThread(onMessage, onFailure);
    const worker = new Worker(hung, { eval: true });
    worker.on('message', (message: FromSolverThread) => onMessage(message));
    worker.on('exit', (code) => onFailure(new Error(`exit ${code}`)));
    return { post: (message) => worker.postMessage(message), terminate: () => void worker.terminate(), hold: (busy) => (busy ? worker.ref() : worker.unref()) };
  };
  return { spawn, spawned: () => count };
}

/** min x + y subject to x + y >= 1.5, x, y integer: 2. */
function tinyMip(): LinearModel {
  const model = new LinearModel();
  const x = model.addColumn({ name: 'x', cost: 1, kind: 'integer', upper: 10 });
  const y = model.addColumn({ name: 'y', cost: 1, kind: 'integer', upper: 10 });
  model.addRow('cover', 1.5, Infinity, [
    [x, 1],
    [y, 1],
  ]);
  return model;
}

describe('the isolated solver', () => {
  it('ends a solver thread that overruns its time limit, reports it, and solves again on a new thread', async () => {
    const { spawn, spawned } = spawnHungThenReal();
    const solver = await IsolatedSolver.start(spawn);
    const model = tinyMip();
    const started = performance.now();
    const stuck = await solver.solve(model, { timeLimitSeconds: 0.5 });
    const seconds = (performance.now() - started) / 1000;
    expect(stuck).toMatchObject({ status: 'interrupted', hasSolution: false, stopped: 'time-limit' });
    expect(seconds).toBeGreaterThanOrEqual(0.5);
    expect(seconds).toBeLessThan(5);
    const solved = await solver.solve(model, { timeLimitSeconds: 5 });
    expect(solved).toMatchObject({ status: 'optimal', hasSolution: true, objective: 2 });
    expect(solved.stopped).toBeUndefined();
    expect(spawned()).toBe(2);
    expect(solver.restarts).toBe(1);
    solver.close();
  }, 30_000);

  it('keeps the last incumbent and the MIP bound the thread reported when it has to end it', async () => {
    const { spawn } = spawnHungThenReal(HUNG_AFTER_INCUMBENT);
    const solver = await IsolatedSolver.start(spawn);
    const seen: number[] = [];
    const result = await solver.solve(tinyMip(), { timeLimitSeconds: 0.3, onIncumbent: (objective) => seen.push(objective) });
    expect(result).toMatchObject({ status: 'interrupted', hasSolution: true, objective: 3, bound: 2, stopped: 'time-limit' });
    expect([...result.values]).toEqual([3, 0]);
    expect(seen).toEqual([3]);
    solver.close();
  }, 30_000);

  it('reports a solve that came back at the stop flag as at its time limit, not as one it had to end', async () => {
    const { spawn, spawned } = spawnHungThenReal(HEEDS_STOP_FLAG);
    const solver = await IsolatedSolver.start(spawn);
    const started = performance.now();
    const result = await solver.solve(tinyMip(), { timeLimitSeconds: 0.3 });
    const seconds = (performance.now() - started) / 1000;
    expect(result).toMatchObject({ status: 'time-limit', hasSolution: true, objective: 3 });
    expect(result.stopped).toBeUndefined();
    // Past the limit by the soft grace (the flag), not by the hard one (the thread ended).
    expect(seconds).toBeGreaterThanOrEqual(0.3);
    expect(solver.restarts).toBe(0);
    expect(spawned()).toBe(1);
    solver.close();
  }, 30_000);

  it('still reports a cancel the solve heeded as a stop from outside', async () => {
    const { spawn } = spawnHungThenReal(HEEDS_STOP_FLAG);
    const solver = await IsolatedSolver.start(spawn);
    let stop = false;
    setTimeout(() => (stop = true), 100);
    const result = await solver.solve(tinyMip(), { timeLimitSeconds: 60, shouldStop: () => stop });
    expect(result).toMatchObject({ status: 'interrupted', hasSolution: true, objective: 3, stopped: 'cancelled' });
    expect(solver.restarts).toBe(0);
    solver.close();
  }, 30_000);

  it("hears HiGHS's MIP bound rise as it searches, never above what its MIP finds", async () => {
    // The demo food S plan model's MIP, which HiGHS does not close in a second.
    const { model } = buildPlanModel(generateDemoFactory({ kind: 'food', size: 'S', seed: 1, tight: 1.2 }));
    const highs = await createHighsSolver();
    const seen: number[] = [];
    const result = await highs.solve(model, { timeLimitSeconds: 2, onDualBound: (bound) => seen.push(bound) });
    expect(seen.length).toBeGreaterThan(0);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThan(seen[i - 1]!);
    if (result.hasSolution) for (const bound of seen) expect(bound).toBeLessThanOrEqual(result.objective + 1e-6 * Math.abs(result.objective));
    if (result.bound !== undefined) expect(seen.at(-1)!).toBeLessThanOrEqual(result.bound + 1e-6 * Math.abs(result.bound));
  }, 30_000);

  it("streams HiGHS's improving solutions from its thread", async () => {
    const solver = await IsolatedSolver.start(spawnNodeSolverThread);
    const seen: { objective: number; values: number[] }[] = [];
    const result = await solver.solve(tinyMip(), { onIncumbent: (objective, values) => seen.push({ objective, values: [...values] }) });
    expect(result.objective).toBe(2);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)!.objective).toBe(2);
    expect(seen.at(-1)!.values.reduce((a, b) => a + b, 0)).toBe(2);
    solver.close();
  }, 30_000);

  it('ends it at once when asked to stop, without waiting for the limit', async () => {
    const { spawn } = spawnHungThenReal();
    const solver = await IsolatedSolver.start(spawn);
    let stop = false;
    setTimeout(() => (stop = true), 200);
    const started = performance.now();
    const result = await solver.solve(tinyMip(), { timeLimitSeconds: 60, shouldStop: () => stop });
    expect(result.stopped).toBe('cancelled');
    expect((performance.now() - started) / 1000).toBeLessThan(10);
    solver.close();
  }, 30_000);

  it('sends a model once per thread and answers as HiGHS in this thread does', async () => {
    const solver = await IsolatedSolver.start(spawnNodeSolverThread);
    expect(solver.name).toMatch(/^HiGHS \d+\.\d+\.\d+ \(WebAssembly, own thread\)$/);
    const model = tinyMip();
    expect((await solver.solve(model, { relax: true })).objective).toBeCloseTo(1.5, 9);
    expect((await solver.solve(model)).objective).toBe(2);
    expect((await solver.solve(model, { fix: [[0, 2, 2]] })).values[0]).toBe(2);
    solver.close();
  }, 30_000);

  it('warms up on request before the solve sent after it, and answers that solve as before', async () => {
    const posted: string[] = [];
    const recording: SpawnSolverThread = (onMessage, onFailure) => {
      const thread = spawnNodeSolverThread(onMessage, onFailure);
      return { ...thread, post: (message, transfer) => (posted.push(message.kind), thread.post(message, transfer)) };
    };
    const solver = await IsolatedSolver.start(recording);
    solver.warmUp();
    const model = tinyMip();
    expect((await solver.solve(model)).objective).toBe(2);
    expect(posted).toEqual(['init', 'warm-up', 'solve']);
    solver.close();
  }, 30_000);

  it('starts an LP from the basis of an earlier one, also of a model grown since', async () => {
    const solver = await IsolatedSolver.start(spawnNodeSolverThread);
    const { model } = buildPlanModel(generateDemoFactory({ kind: 'food', size: 'S', seed: 1, tight: 1.0 }));
    const cold = await solver.solve(model, { relax: true });
    expect(cold.status).toBe('optimal');
    expect(cold.iterations).toBeGreaterThan(100);
    // From its own optimal basis, the same LP needs no iteration.
    const again = await solver.solve(model, { relax: true, basis: cold.basis! });
    expect(again.objective).toBeCloseTo(cold.objective, 4);
    expect(again.iterations).toBe(0);
    // A column and a row more (capacity held back as the closed loop does): the rest of the basis holds.
    const x = model.addColumn({ name: 'extra', cost: 1, upper: 5 });
    model.addRow('extraRow', 1, Infinity, [[x, 1]]);
    const grown = await solver.solve(model, { relax: true, basis: grownBasis(cold.basis!, model.numCols, model.numRows)! });
    expect(grown.objective).toBeCloseTo(cold.objective + 1, 4);
    expect(grown.iterations).toBeLessThan(10);
    expect(grownBasis(cold.basis!, model.numCols - 2, model.numRows)).toBeUndefined();
    solver.close();
  }, 60_000);
});
