/**
 * The client side of the site server's sync API (`/api/v1`), over `fetch`: the same code in the
 * app, in Node and in the tests.
 */
import type { PushOutcome } from '../db/executionStore';
import type { SitePlanRecord } from '../db/database';
import type { ExecutionEntry } from '../domain/types';

export interface PullPage {
  entries: ExecutionEntry[];
  next: string;
}

/** What `GET …/plan` answers is what the device keeps (its site plan record). */
export type PublishedPlan = SitePlanRecord;

export interface DeviceInfo {
  id: string;
  site: string;
  role: 'supervisor' | 'planner';
  name: string;
}

/** A refusal that waiting will not cure (bad or revoked token, wrong site): sync stops until the settings change. */
export class SyncAuthError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The server answered but cannot take the entries now (e.g. no plan published yet): try again later. */
export class SyncDeferredError extends Error {}

export interface SyncTransport {
  push(entries: unknown[]): Promise<PushOutcome[]>;
  pull(after: string, limit: number): Promise<PullPage>;
  fetchPlan(): Promise<PublishedPlan | undefined>;
  planVersion(): Promise<number | null>;
  me(): Promise<DeviceInfo>;
}

export function httpTransport(serverUrl: string, site: string, token: string, fetchImpl: typeof fetch = (...args) => fetch(...args)): SyncTransport {
  const base = serverUrl.replace(/\/+$/, '');
  const sitePath = `${base}/api/v1/sites/${encodeURIComponent(site)}`;
  const call = async <T>(url: string, init: RequestInit = {}): Promise<T | undefined> => {
    const response = await fetchImpl(url, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers }, cache: 'no-store' });
    const body = (await response.json().catch(() => ({}))) as T & { error?: string };
    if (response.status === 401 || response.status === 403) throw new SyncAuthError(response.status, body.error ?? `HTTP ${response.status}`);
    if (response.status === 404 && init.method === undefined && url.endsWith('/plan')) return undefined;
    if (response.status === 409 || response.status === 429 || response.status >= 500) throw new SyncDeferredError(body.error ?? `HTTP ${response.status}`);
    if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`);
    return body;
  };
  return {
    push: async (entries) => (await call<{ results: PushOutcome[] }>(`${sitePath}/entries`, { method: 'POST', body: JSON.stringify({ entries }) }))!.results,
    pull: async (after, limit) => (await call<PullPage>(`${sitePath}/entries?after=${encodeURIComponent(after)}&limit=${limit}`))!,
    fetchPlan: () => call<PublishedPlan>(`${sitePath}/plan`),
    planVersion: async () => (await call<{ version: number | null }>(`${sitePath}/plan/version`))!.version,
    me: async () => (await call<{ device: DeviceInfo }>(`${base}/api/v1/me`))!.device,
  };
}
