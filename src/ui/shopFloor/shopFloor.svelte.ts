/**
 * The shop floor on a device: its settings (server, token, work center, machines, shift: chosen
 * once, remembered), the plan its site executes, the entries, and sync in the background.
 * Everything is read from and written to IndexedDB first; the server is only ever a relay.
 */
import type { ExecutionEntryRecord, PonteDatabase, SitePlanRecord, StartedRunRecord } from '../../db/database';
import { pendingCount, recordEntry, siteEntries } from '../../db/executionStore';
import type { ExecutionEntry, Factory, Plan, Schedule } from '../../domain/types';
import { SyncScheduler, type SyncStatus } from '../../sync/scheduler';
import { httpTransport, type DeviceInfo, type SyncTransport } from '../../sync/transport';

export interface ShopFloorSettings {
  /** Where entries sync; none for a tablet that works from a plan it holds itself. */
  serverUrl?: string;
  token?: string;
  device: DeviceInfo;
  resource?: string;
  machines: string[];
  shift?: string;
}

const SETTINGS_KEY = 'shop-floor';

export class ShopFloor {
  settings = $state.raw<ShopFloorSettings | undefined>();
  sitePlan = $state.raw<SitePlanRecord | undefined>();
  entries = $state.raw<ExecutionEntryRecord[]>([]);
  started = $state.raw<StartedRunRecord[]>([]);
  pending = $state(0);
  sync = $state<SyncStatus>({ state: 'idle' });
  loaded = $state(false);
  private scheduler: SyncScheduler | undefined;
  private transport: SyncTransport | undefined;

  constructor(private readonly db: PonteDatabase) {}

  async load(): Promise<void> {
    this.settings = (await this.db.deviceSettings.get(SETTINGS_KEY))?.value as ShopFloorSettings | undefined;
    if (this.settings) {
      this.sitePlan = await this.db.sitePlans.get(this.settings.device.site);
      await this.refresh();
      this.startSync();
    }
    this.loaded = true;
  }

  /** Enrolls this device with the site server: the token says which device, site and role it is. */
  async connect(serverUrl: string, token: string): Promise<void> {
    const url = serverUrl.trim().replace(/\/+$/, '');
    const probe = httpTransport(url, '-', token.trim());
    const device = await probe.me();
    await this.saveSettings({ serverUrl: url, token: token.trim(), device, machines: [] });
    this.startSync();
    await this.refreshPlan();
  }

  /** Works from a plan this device holds (no server): entries wait in the outbox until one is connected. */
  async useLocalPlan(site: string, factory: Factory, plan: Plan, schedule: Schedule): Promise<void> {
    const device: DeviceInfo = this.settings?.device ?? { id: crypto.randomUUID(), site, role: 'supervisor', name: 'This device' };
    const record: SitePlanRecord = { site, version: 0, publishedAt: nowIso(), factory, plan, schedule };
    await this.db.sitePlans.put(record);
    this.sitePlan = record;
    await this.saveSettings({ device: { ...device, site }, machines: [] });
    await this.refresh();
  }

  async choose(resource: string, machines: string[], shift: string): Promise<void> {
    await this.saveSettings({ ...this.settings!, resource, machines, shift });
  }

  async forget(): Promise<void> {
    this.scheduler?.stop();
    this.scheduler = undefined;
    await this.db.deviceSettings.delete(SETTINGS_KEY);
    this.settings = undefined;
  }

  private async saveSettings(settings: ShopFloorSettings): Promise<void> {
    await this.db.deviceSettings.put({ key: SETTINGS_KEY, value: $state.snapshot(settings) });
    this.settings = settings;
  }

  private startSync(): void {
    const settings = this.settings;
    this.scheduler?.stop();
    if (!settings?.serverUrl || !settings.token) return;
    this.transport = httpTransport(settings.serverUrl, settings.device.site, settings.token);
    this.scheduler = new SyncScheduler(this.db, this.transport, settings.device.site, (status) => {
      this.sync = status;
      if (status.state !== 'syncing') void this.refresh();
      if (status.state === 'idle') void this.refreshPlan();
    });
    this.scheduler.start();
  }

  /** Fetches the site's published plan when its version changed. */
  async refreshPlan(): Promise<void> {
    if (!this.transport || !this.settings) return;
    try {
      const version = await this.transport.planVersion();
      if (version === null || version === this.sitePlan?.version) return;
      const published = await this.transport.fetchPlan();
      if (!published) return;
      const record: SitePlanRecord = { site: published.site, version: published.version, publishedAt: published.publishedAt, factory: published.factory, plan: published.plan, schedule: published.schedule };
      await this.db.sitePlans.put(record);
      this.sitePlan = record;
    } catch {
      // Offline or refused: the plan on the device stands; sync reports the state.
    }
  }

  async refresh(): Promise<void> {
    const site = this.settings?.device.site;
    if (!site) return;
    this.entries = await siteEntries(this.db, site);
    this.pending = await pendingCount(this.db);
    this.started = await this.db.startedRuns.where('site').equals(site).toArray();
  }

  async start(run: StartedRunRecord): Promise<void> {
    await this.db.startedRuns.put(run);
    await this.refresh();
  }

  /** Durable in IndexedDB (entry and outbox together) before it resolves; then sync is asked to run. */
  async record(entry: ExecutionEntry, finishesRun?: string): Promise<void> {
    await recordEntry(this.db, entry);
    if (finishesRun) await this.db.startedRuns.delete(finishesRun);
    await this.refresh();
    void this.scheduler?.kick();
  }

  syncNow(): void {
    void this.scheduler?.kick();
  }
}

/** A timestamp, not state: nothing reactive reads it. */
function nowIso(): string {
  return new Date(Date.now()).toISOString();
}
