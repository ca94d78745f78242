/**
 * The WebAssembly sequence kernel (built from wasm/assembly/sequenceKernel.ts by `npm run
 * build:wasm`). The caller supplies the compiled bytes: Node reads the file, the browser fetches
 * it, so this module stays free of either. The layout is copied into linear memory once;
 * releases are re-copied on request, sequences on every call.
 */
import { type KernelLayout, type KernelResult, type SequenceKernel } from './layout';
import { PRICED_COMPLETION, PRICED_FIELDS, PRICED_SETUP, PRICED_TARDINESS, PRICED_VIOLATIONS } from './priced';

interface KernelExports {
  memory: WebAssembly.Memory;
  reserve(bytes: number): number;
  configure(...args: number[]): void;
  timeSequence(machine: number, sequence: number, length: number, free: number): void;
  priceInsertions(machine: number, sequence: number, length: number, op: number, free: number): void;
}

export class WasmKernel implements SequenceKernel {
  readonly name = 'WebAssembly';
  private readonly releasePtr: number;
  private readonly sequencePtr: number;
  private readonly sequenceView: Int32Array;
  private readonly answersView: Float64Array;

  private constructor(
    private readonly exports: KernelExports,
    private readonly layout: KernelLayout,
  ) {
    const copy = (array: Float64Array | Int32Array | Uint8Array) => {
      const pointer = exports.reserve(Math.max(8, array.byteLength));
      new Uint8Array(exports.memory.buffer, pointer, array.byteLength).set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
      return pointer;
    };
    const due = copy(layout.due);
    const weight = copy(layout.weight);
    this.releasePtr = copy(layout.release);
    const group = copy(layout.group);
    const work = copy(layout.work);
    const setup = copy(layout.setup);
    const setupOffset = copy(layout.setupOffset);
    const setupWidth = copy(layout.setupWidth);
    const cleaning = copy(layout.cleaning);
    const maxCleanings = copy(layout.maxCleaningsPerDay);
    const campaignRank = copy(layout.campaignRank);
    const maxCampaigns = copy(layout.maxCampaignsPerWeek);
    const calendarOffset = copy(layout.calendarOffset);
    const calendarStart = copy(layout.calendarStart);
    const calendarEnd = copy(layout.calendarEnd);
    const calendarBefore = copy(layout.calendarBefore);
    const calendarAfter = copy(layout.calendarAfter);
    // A sequence holds each operation at most once, an insertion one more.
    const positions = layout.operations + 2;
    const answers = exports.reserve(8 * PRICED_FIELDS * positions);
    this.sequencePtr = exports.reserve(4 * positions);
    // Linear memory does not grow after the reservations above, so the views stay attached.
    this.sequenceView = new Int32Array(exports.memory.buffer, this.sequencePtr, positions);
    this.answersView = new Float64Array(exports.memory.buffer, answers, PRICED_FIELDS * positions);
    exports.configure(
      layout.operations, due, weight, this.releasePtr, group, work, setup, setupOffset, setupWidth,
      cleaning, maxCleanings, campaignRank, maxCampaigns, layout.firstDay,
      calendarOffset, calendarStart, calendarEnd, calendarBefore, calendarAfter, answers,
    );
  }

  /** Synchronous instantiation: fine for this small module everywhere but a browser's main thread. */
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

  private copySequence(sequence: Int32Array, length: number): void {
    // A plain loop into a view made once: a fresh view or subarray per call costs more than the timing.
    const target = this.sequenceView;
    for (let i = 0; i < length; i++) target[i] = sequence[i]!;
  }

  evaluate(machine: number, sequence: Int32Array, length: number, free: number): KernelResult {
    this.copySequence(sequence, length);
    this.exports.timeSequence(machine, this.sequencePtr, length, free);
    const answer = this.answersView;
    return { weightedTardiness: answer[PRICED_TARDINESS]!, totalSetup: answer[PRICED_SETUP]!, completion: answer[PRICED_COMPLETION]!, campaignViolations: answer[PRICED_VIOLATIONS]! };
  }

  priceInsertions(machine: number, sequence: Int32Array, length: number, op: number, free: number): Float64Array {
    this.copySequence(sequence, length);
    this.exports.priceInsertions(machine, this.sequencePtr, length, op, free);
    return this.answersView;
  }
}
