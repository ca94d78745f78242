/**
 * The WebAssembly sequence kernel (built from wasm/assembly/sequenceKernel.ts by `npm run
 * build:wasm`). The caller supplies the compiled bytes: Node reads the file, the browser fetches
 * it, so this module stays free of either. The layout is copied into linear memory once;
 * releases are re-copied on request, sequences on every call.
 */
import type { KernelLayout, KernelResult, SequenceKernel } from './layout';

interface KernelExports {
  memory: WebAssembly.Memory;
  reserve(bytes: number): number;
  configure(...args: number[]): void;
  timeSequence(machine: number, sequence: number, length: number, free: number): number;
}

export class WasmKernel implements SequenceKernel {
  readonly name = 'WebAssembly';
  private readonly releasePtr: number;
  private readonly endsPtr: number;
  private readonly sequencePtr: number;
  private readonly sequenceView: Int32Array;
  private readonly resultView: Float64Array;

  private constructor(
    private readonly exports: KernelExports,
    private readonly layout: KernelLayout,
  ) {
    const copy = (array: Float64Array | Int32Array) => {
      const pointer = exports.reserve(Math.max(8, array.byteLength));
      const view = array instanceof Float64Array ? new Float64Array(exports.memory.buffer, pointer, array.length) : new Int32Array(exports.memory.buffer, pointer, array.length);
      view.set(array);
      return pointer;
    };
    const due = copy(layout.due);
    const weight = copy(layout.weight);
    this.releasePtr = copy(layout.release);
    const group = copy(layout.group);
    const work = copy(layout.work);
    const setup = copy(layout.setup);
    const initial = copy(layout.initial);
    const calendarOffset = copy(layout.calendarOffset);
    const calendarStart = copy(layout.calendarStart);
    const calendarEnd = copy(layout.calendarEnd);
    const calendarBefore = copy(layout.calendarBefore);
    this.endsPtr = exports.reserve(8 * Math.max(1, layout.operations));
    this.sequencePtr = exports.reserve(4 * Math.max(1, layout.operations));
    const resultPtr = exports.reserve(16);
    // Linear memory does not grow after the reservations above, so the view stays attached.
    this.sequenceView = new Int32Array(exports.memory.buffer, this.sequencePtr, Math.max(1, layout.operations));
    this.resultView = new Float64Array(exports.memory.buffer, resultPtr, 2);
    exports.configure(layout.operations, layout.machines, layout.groups, due, weight, this.releasePtr, group, work, setup, initial, calendarOffset, calendarStart, calendarEnd, calendarBefore, this.endsPtr, resultPtr);
  }

  /** Synchronous instantiation: fine for this 1 KB module everywhere but a browser's main thread. */
  static createSync(module: WebAssembly.Module, layout: KernelLayout): WasmKernel {
    const instance = new WebAssembly.Instance(module, { env: { abort: () => { throw new Error('sequence kernel aborted'); } } });
    return new WasmKernel(instance.exports as unknown as KernelExports, layout);
  }

  static async create(bytes: BufferSource, layout: KernelLayout): Promise<WasmKernel> {
    const { instance } = await WebAssembly.instantiate(bytes, { env: { abort: () => { throw new Error('sequence kernel aborted'); } } });
    return new WasmKernel(instance.exports as unknown as KernelExports, layout);
  }

  updateReleases(): void {
    new Float64Array(this.exports.memory.buffer, this.releasePtr, this.layout.operations).set(this.layout.release);
  }

  lastEnds(length: number): Float64Array {
    return new Float64Array(this.exports.memory.buffer, this.endsPtr, length);
  }

  evaluate(machine: number, sequence: Int32Array, length: number, free: number): KernelResult {
    // A plain loop into a view made once: a fresh view or subarray per call costs more than the timing.
    const target = this.sequenceView;
    for (let i = 0; i < length; i++) target[i] = sequence[i]!;
    const weightedTardiness = this.exports.timeSequence(machine, this.sequencePtr, length, free);
    return { weightedTardiness, totalSetup: this.resultView[0]!, completion: this.resultView[1]! };
  }
}
