/**
 * When sync runs, without a tap: at start, when the network returns (`online`), after each entry
 * is recorded, and on a timer; while it fails, the timer backs off exponentially with jitter
 * (so 200 tablets coming back online together do not knock the server over at once). One tab of
 * the app syncs at a time (Web Locks, where the browser has them).
 */
import type { PonteDatabase } from '../db/database';
import { syncOnce, type SyncReport } from './syncOnce';
import { SyncAuthError, type SyncTransport } from './transport';

export interface SyncStatus {
  state: 'idle' | 'syncing' | 'offline' | 'failing' | 'unauthorized';
  lastSyncAt?: string;
  lastError?: string;
  nextAttemptAt?: string;
  lastReport?: SyncReport;
}

export interface SchedulerOptions {
  /** Seconds between rounds while everything goes well. */
  intervalSeconds?: number;
  /** Bounds of the backoff while rounds fail. */
  minBackoffSeconds?: number;
  maxBackoffSeconds?: number;
  random?: () => number;
}

export function backoffSeconds(failures: number, { minBackoffSeconds = 2, maxBackoffSeconds = 300 }: SchedulerOptions, random: () => number): number {
  const ceiling = Math.min(maxBackoffSeconds, minBackoffSeconds * 2 ** Math.max(0, failures - 1));
  // "Full jitter" (AWS architecture blog): a uniform draw below the ceiling, never below the floor.
  return Math.max(minBackoffSeconds, ceiling * random());
}

export class SyncScheduler {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private running: Promise<void> | undefined;
  private stopped = false;
  private readonly onOnline = () => this.kick();

  constructor(
    private readonly db: PonteDatabase,
    private readonly transport: SyncTransport,
    private readonly site: string,
    private readonly onStatus: (status: SyncStatus) => void,
    private readonly options: SchedulerOptions = {},
  ) {}

  start(): void {
    globalThis.addEventListener?.('online', this.onOnline);
    this.kick();
  }

  stop(): void {
    this.stopped = true;
    globalThis.removeEventListener?.('online', this.onOnline);
    clearTimeout(this.timer);
  }

  /** Sync now (after a new entry, at start, when back online). */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running ??= this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  private async round(): Promise<void> {
    clearTimeout(this.timer);
    const locks = (globalThis.navigator as Navigator | undefined)?.locks;
    const work = async () => {
      this.onStatus({ state: 'syncing' });
      try {
        const report = await syncOnce(this.db, this.transport, this.site);
        this.failures = 0;
        this.onStatus({ state: 'idle', lastSyncAt: new Date().toISOString(), lastReport: report });
        this.schedule(this.options.intervalSeconds ?? 60);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof SyncAuthError) {
          // Retrying cannot fix a revoked token or a wrong site: wait for new settings.
          this.onStatus({ state: 'unauthorized', lastError: message });
          return;
        }
        this.failures++;
        const offline = globalThis.navigator?.onLine === false;
        const wait = backoffSeconds(this.failures, this.options, this.options.random ?? Math.random);
        this.onStatus({ state: offline ? 'offline' : 'failing', lastError: message, nextAttemptAt: new Date(Date.now() + wait * 1000).toISOString() });
        this.schedule(wait);
      }
    };
    if (locks) await locks.request('ponte-sync', { ifAvailable: true }, async (lock) => (lock ? work() : this.schedule(this.options.intervalSeconds ?? 60)));
    else await work();
  }

  private schedule(seconds: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.kick(), seconds * 1000);
  }
}
