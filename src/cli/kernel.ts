/** The compiled sequence kernel, read from disk under Node (the CLI, tests and benchmarks). */
import { readFile } from 'node:fs/promises';
import type { KernelLayout, SequenceKernel } from '../engine/aps/kernel/layout';
import { WasmKernel } from '../engine/aps/kernel/wasmKernel';
import type { Factory } from '../domain/types';
import type { FlowCheckOptions } from '../engine/masterPlan/flow';
import { createFlowWeekPool } from './flowThreads';

export const KERNEL_FILE = new URL('../../wasm/build/sequenceKernel.wasm', import.meta.url);

export async function loadKernelBytes(): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return new Uint8Array(await readFile(KERNEL_FILE));
  } catch (error) {
    throw new Error(`the WebAssembly sequence kernel is not built (${KERNEL_FILE.pathname}): run npm run build:wasm`, { cause: error });
  }
}

/** Compiles the module once; every layout then gets its own instance synchronously. */
export async function createNodeKernelFactory(): Promise<(layout: KernelLayout) => SequenceKernel> {
  const module = await WebAssembly.compile(await loadKernelBytes());
  return (layout) => WasmKernel.createSync(module, layout);
}

/**
 * The Master Plan's closed loop with the APS (masterPlan/closedLoop.ts), with the compiled kernel
 * where it is built, and for a factory, threads that check its released weeks side by side.
 */
export async function flowOptions(factory?: Factory): Promise<FlowCheckOptions> {
  const weekScheduler = factory ? createFlowWeekPool(factory) : undefined;
  try {
    return { kernelFactory: await createNodeKernelFactory(), ...(weekScheduler ? { weekScheduler } : {}) };
  } catch {
    // Not built: the TypeScript kernel prices the moves, the same results a little slower.
    return weekScheduler ? { weekScheduler } : {};
  }
}
