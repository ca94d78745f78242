/// <reference lib="webworker" />
// The engine behind Comlink: planning and scheduling block for seconds and must never freeze the page.
import * as Comlink from 'comlink';
import kernelUrl from '../../wasm/build/sequenceKernel.wasm?url';
import { WasmKernel } from '../engine/aps/kernel/wasmKernel';
import { IsolatedSolver, type SpawnSolverThread } from '../solver/isolated';
import type { FromSolverThread } from '../solver/protocol';
import { createPlannerApi } from './plannerApi';

async function loadKernel() {
  const response = await fetch(kernelUrl);
  if (!response.ok) throw new Error(`the sequence kernel could not be fetched from ${kernelUrl}: HTTP ${response.status}`);
  const module = await WebAssembly.compile(await response.arrayBuffer());
  return (layout: Parameters<typeof WasmKernel.createSync>[1]) => WasmKernel.createSync(module, layout);
}

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

Comlink.expose(createPlannerApi(() => IsolatedSolver.start(spawnHighsWorker), loadKernel));
