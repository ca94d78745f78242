/**
 * HiGHS in a thread of its own, behind a watchdog: every solve comes back by its time limit
 * whatever HiGHS does. HiGHS 1.15 can run far past `time_limit` in its MIP (seen: a metal S
 * factory at 10 s still running after 15 minutes; upstream ERGO-Code/HiGHS#2226), and a
 * WebAssembly call cannot be interrupted from JavaScript, so the watchdog ends the thread.
 *
 * At the limit plus SOFT_GRACE it raises a shared stop flag that HiGHS reads at its MIP
 * callbacks (it then returns its incumbent, as at its own time limit); at the limit plus HARD_GRACE
 * it ends the thread and the solve returns the MIP's last incumbent that the thread reported (or no
 * solution), marked `stopped`. A cancel does the same at once. The
 * thread is started again in the background, so the engine's next solve (the last LP) finds it
 * ready. The host (Node worker thread, Web Worker) is given as a `spawn` function.
 */
import type { LinearModel, MipSolver, SolveOptions, SolveResult } from '../engine/linearModel';
import { portableOptions, snapshotOf, type FromSolverThread, type ToSolverThread } from './protocol';

export interface SolverThread {
  post(message: ToSolverThread, transfer?: Transferable[]): void;
  terminate(): void;
  /** Under Node: keep the process alive while a solve is awaited, and only then. */
  hold?(busy: boolean): void;
}

export type SpawnSolverThread = (onMessage: (message: FromSolverThread) => void, onFailure: (error: Error) => void) => SolverThread;

/** HiGHS stops 0.15-0.2 s after its own limit on M when it does stop (measured; solve.ts). */
const SOFT_GRACE_SECONDS = 0.25;
/** After the stop flag, how long HiGHS gets to hand back its incumbent before the thread ends. */
const HARD_GRACE_SECONDS = 0.5;
/** How often a cancel (`shouldStop`) is read while a solve runs. */
const CANCEL_POLL_MS = 50;

interface Running {
  id: number;
  /** The MIP's best solution so far, reported by the thread. */
  incumbent?: { objective: number; values: Float64Array };
  /** The MIP's proven bound so far, reported by the thread. */
  bound?: number;
  onIncumbent: SolveOptions['onIncumbent'];
  resolve: (result: SolveResult) => void;
  reject: (error: Error) => void;
}

interface Live {
  thread: SolverThread;
  ready: Promise<string>;
  /** The model this thread holds, by the key this solver gave it. */
  modelKey: number | undefined;
}

export class IsolatedSolver implements MipSolver {
  private live: Live | undefined;
  private running: Running | undefined;
  private nextId = 1;
  private nextModelKey = 1;
  private readonly modelKeys = new WeakMap<LinearModel, { key: number; shape: string }>();
  /** Shared with the thread where memory can be shared (Node; a cross-origin isolated page). */
  private readonly stopFlag = typeof SharedArrayBuffer === 'function' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false ? new Int32Array(new SharedArrayBuffer(4)) : undefined;
  /** Threads ended by the watchdog or a cancel, since this solver was made. */
  restarts = 0;

  private constructor(private readonly spawn: SpawnSolverThread) {}

  /** HiGHS's version, known once the first thread has loaded it. */
  get name(): string {
    return `${this.version} (WebAssembly, own thread)`;
  }

  private version = 'HiGHS';

  /** Resolves once HiGHS is loaded in its thread. */
  static async start(spawn: SpawnSolverThread): Promise<IsolatedSolver> {
    const solver = new IsolatedSolver(spawn);
    solver.version = (await solver.ensureThread().ready).replace(' (WebAssembly)', '');
    return solver;
  }

  private ensureThread(): Live {
    if (this.live) return this.live;
    let markReady!: (name: string) => void;
    let failReady!: (error: Error) => void;
    const ready = new Promise<string>((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    ready.catch(() => undefined);
    const onMessage = (message: FromSolverThread) => {
      if (message.kind === 'ready') return markReady(message.name);
      if (this.live?.thread !== thread) return;
      const running = this.running;
      if (!running || (message.id !== undefined && message.id !== running.id)) return;
      if (message.kind === 'incumbent') {
        running.incumbent = { objective: message.objective, values: message.values };
        running.onIncumbent?.(message.objective, message.values);
        return;
      }
      if (message.kind === 'bound') {
        running.bound = Math.max(running.bound ?? -Infinity, message.bound);
        return;
      }
      this.running = undefined;
      if (message.kind === 'result') running.resolve(message.result);
      else running.reject(new Error(`the solver thread failed: ${message.message}`));
    };
    const onFailure = (error: Error) => {
      failReady(error);
      // A thread the watchdog ended reports its exit too: that is no longer this solver's affair.
      if (this.live?.thread !== thread) return;
      this.live = undefined;
      const running = this.running;
      this.running = undefined;
      running?.reject(new Error(`the solver thread stopped: ${error.message}`));
    };
    const thread = this.spawn(onMessage, onFailure);
    thread.hold?.(true);
    void ready.then(
      () => this.running || thread.hold?.(false),
      () => undefined,
    );
    thread.post({ kind: 'init', stopFlag: this.stopFlag });
    this.live = { thread, ready, modelKey: undefined };
    return this.live;
  }

  private keyOf(model: LinearModel): number {
    // Models only grow (linearModel.ts): a grown one is sent again.
    const shape = `${model.numCols}|${model.numRows}|${model.entryCols.length}|${model.objectiveOffset}`;
    const known = this.modelKeys.get(model);
    if (known?.shape === shape) return known.key;
    const key = this.nextModelKey++;
    this.modelKeys.set(model, { key, shape });
    return key;
  }

  async solve(model: LinearModel, options: SolveOptions = {}): Promise<SolveResult> {
    if (this.running) throw new Error('the isolated solver runs one solve at a time');
    const started = performance.now();
    const live = this.ensureThread();
    await live.ready;
    const modelKey = this.keyOf(model);
    const snapshot = live.modelKey === modelKey ? undefined : snapshotOf(model);
    live.modelKey = modelKey;
    if (this.stopFlag) Atomics.store(this.stopFlag, 0, 0);
    const id = this.nextId++;
    const stopped = (reason: 'time-limit' | 'cancelled'): SolveResult => ({
      status: 'interrupted',
      hasSolution: false,
      objective: NaN,
      bound: undefined,
      values: new Float64Array(model.numCols),
      rowDuals: undefined,
      seconds: (performance.now() - started) / 1000,
      stopped: reason,
    });
    return new Promise<SolveResult>((resolve, reject) => {
      const timers: ReturnType<typeof setTimeout>[] = [];
      live.thread.hold?.(true);
      const settle = () => {
        for (const timer of timers) clearTimeout(timer);
        clearInterval(poll);
        live.thread.hold?.(false);
      };
      let stopReason: 'time-limit' | 'cancelled' | undefined;
      this.running = {
        id,
        onIncumbent: options.onIncumbent,
        resolve: (result) => {
          settle();
          // HiGHS heeded the stop flag and handed back what it had. Raised by a cancel, that is a stop
          // from outside. Raised at the limit, it is HiGHS's own time limit read at its callbacks a
          // little late, not a solver that had to be ended: it reports as a time limit, and the plan
          // goes on (food S tight 1.2 at 30 s: a MIP given 9.52 s came back at 9.85 s, the plan said
          // it had been stopped at its limit, came back at 19.4 s and left its last released week late).
          if (stopReason && result.status === 'interrupted') resolve(stopReason === 'cancelled' ? { ...result, stopped: stopReason } : { ...result, status: 'time-limit' });
          else resolve(result);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      };
      const end = () => {
        if (this.running?.id !== id) return;
        const incumbent = this.running.incumbent;
        const bound = this.running.bound;
        settle();
        this.running = undefined;
        live.thread.terminate();
        if (this.live === live) this.live = undefined;
        this.restarts++;
        // Ready again (HiGHS loaded) by the time the engine asks for its next solve.
        this.ensureThread();
        // The MIP's best solution so far, as the thread reported it: ending the thread loses nothing found.
        // And its proven bound: the plan's gap stays the MIP's, not the LP's (food S tight 1.2: 233,131 against 225,582).
        const result = { ...stopped(stopReason ?? 'time-limit'), ...(bound !== undefined ? { bound: incumbent ? Math.min(bound, incumbent.objective) : bound } : {}) };
        resolve(incumbent ? { ...result, hasSolution: true, objective: incumbent.objective, values: incumbent.values } : result);
      };
      const askToStop = (reason: 'time-limit' | 'cancelled', hardAfterSeconds: number) => {
        if (stopReason) return;
        stopReason = reason;
        if (this.stopFlag) Atomics.store(this.stopFlag, 0, 1);
        timers.push(setTimeout(end, this.stopFlag ? hardAfterSeconds * 1000 : 0));
      };
      if (options.timeLimitSeconds !== undefined) {
        timers.push(setTimeout(() => askToStop('time-limit', HARD_GRACE_SECONDS - SOFT_GRACE_SECONDS), (options.timeLimitSeconds + SOFT_GRACE_SECONDS) * 1000));
      }
      const shouldStop = options.shouldStop;
      const poll = shouldStop
        ? setInterval(() => {
            if (shouldStop()) askToStop('cancelled', HARD_GRACE_SECONDS - SOFT_GRACE_SECONDS);
          }, CANCEL_POLL_MS)
        : undefined;
      const transfer = snapshot ? [snapshot.colLower, snapshot.colUpper, snapshot.colCost, snapshot.colInteger, snapshot.rowLower, snapshot.rowUpper, snapshot.rowStarts, snapshot.entryCols, snapshot.entryValues].map((array) => array.buffer) : [];
      live.thread.post({ kind: 'solve', id, modelKey, model: snapshot, options: portableOptions(options) }, transfer);
    });
  }

  /** Has the thread solve the warm-up LP (warmUp.ts) now, unless it is solving: a solve sent meanwhile waits for it. */
  warmUp(): void {
    if (this.running) return;
    this.ensureThread().thread.post({ kind: 'warm-up' });
  }

  /** Ends the thread; a later solve starts a new one. */
  close(): void {
    this.live?.thread.terminate();
    this.live = undefined;
  }
}
