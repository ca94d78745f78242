/// <reference lib="webworker" />
// The engine behind Comlink: planning and scheduling block for seconds and must never freeze the page.
import * as Comlink from 'comlink';
import kernelUrl from '../../wasm/build/sequenceKernel.wasm?url';
import { WasmKernel } from '../engine/aps/kernel/wasmKernel';
import { createHighsSolver } from '../solver/highs';
import { createPlannerApi } from './plannerApi';

async function loadKernel() {
  const response = await fetch(kernelUrl);
  if (!response.ok) throw new Error(`the sequence kernel could not be fetched from ${kernelUrl}: HTTP ${response.status}`);
  const module = await WebAssembly.compile(await response.arrayBuffer());
  return (layout: Parameters<typeof WasmKernel.createSync>[1]) => WasmKernel.createSync(module, layout);
}

Comlink.expose(createPlannerApi(() => createHighsSolver(), loadKernel));
