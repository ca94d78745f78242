/** The compiled sequence kernel in a Web Worker: fetched beside the app, compiled once per worker. */
import kernelUrl from '../../wasm/build/sequenceKernel.wasm?url';
import { WasmKernel } from '../engine/aps/kernel/wasmKernel';
import type { KernelLayout, SequenceKernel } from '../engine/aps/kernel/layout';

export async function loadKernel(): Promise<(layout: KernelLayout) => SequenceKernel> {
  const response = await fetch(kernelUrl);
  if (!response.ok) throw new Error(`the sequence kernel could not be fetched from ${kernelUrl}: HTTP ${response.status}`);
  const module = await WebAssembly.compile(await response.arrayBuffer());
  return (layout) => WasmKernel.createSync(module, layout);
}
