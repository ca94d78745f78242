/**
 * The sync model, property-based (fast-check): random interleavings of recording, going offline
 * and online, lost responses (so the same batch arrives twice), replays of old batches out of
 * order, server restarts, device crashes mid-write and tab reloads, on two and three devices,
 * against the real server code over HTTP and its real database. Devices keep their entries in
 * IndexedDB (fake-indexeddb, a complete in-memory implementation; the browser test runs the
 * same code in Chromium's). Invariant: the server holds every entry a device said was saved
 * exactly once, every device converges to that set, nothing is lost, nothing is refused.
 */
import { Dexie } from 'dexie';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type PonteDatabase } from '../db/database';
import { recordEntry, siteEntries } from '../db/executionStore';
import type { RunningServer } from '../server/serve';
import { BACKENDS, api, demoPublication, enroll, entryFor, startTestServer, testDatabase, type TestDatabase } from '../../tests/helpers/siteServer';
import { syncOnce } from './syncOnce';
import { httpTransport, type SyncTransport } from './transport';

const publication = demoPublication();

function actions(devices: number) {
  const device = fc.integer({ min: 0, max: devices - 1 });
  return fc.array(
    fc.oneof(
      { weight: 5, arbitrary: fc.record({ kind: fc.constant('record' as const), device, count: fc.integer({ min: 1, max: 4 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('crash-while-recording' as const), device }) },
      { weight: 4, arbitrary: fc.record({ kind: fc.constantFrom('offline' as const, 'online' as const, 'sync' as const, 'lose-next-response' as const, 'reload' as const, 'replay' as const), device }) },
      { weight: 1, arbitrary: fc.constant({ kind: 'restart-server' as const }) },
    ),
    { minLength: 5, maxLength: 30 },
  );
}

describe.each(BACKENDS)('sync against the real server on %s', (backend) => {
  let database: TestDatabase;
  let server: RunningServer;
  let run = 0;

  beforeAll(async () => {
    database = await testDatabase(backend);
    server = await startTestServer(database);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await database?.dispose();
  });

  for (const devices of [2, 3]) {
    it(`${devices} devices: every saved entry reaches the server exactly once and every device converges`, async () => {
      await fc.assert(
        fc.asyncProperty(actions(devices), fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (script, seed) => {
          const site = `site-${backend}-${devices}-${++run}`;
          const planner = await enroll(server, site, 'planner');
          expect((await api(server, 'PUT', `/api/v1/sites/${site}/plan`, planner.token, publication)).status).toBe(200);
          const tablets = await Promise.all(
            Array.from({ length: devices }, async (_, index) => {
              const { device, token } = await enroll(server, site, 'supervisor', `Tablet ${index}`);
              const name = `prop-${site}-${index}`;
              const state = { id: device.id, token, name, db: openDatabase(name) as PonteDatabase, online: true, loseNext: false, sent: [] as unknown[][] };
              return state;
            }),
          );
          // The transport of a device: real HTTP to the current server, unless the device is
          // offline; a lost response reaches the server, then fails on the device.
          const transportOf = (tablet: (typeof tablets)[number]): SyncTransport => {
            const real = () => httpTransport(server.url, site, tablet.token);
            const guard = () => {
              if (!tablet.online) throw new TypeError('fetch failed (offline)');
            };
            return {
              push: async (entries) => {
                guard();
                tablet.sent.push(entries);
                const results = await real().push(entries);
                if (tablet.loseNext) {
                  tablet.loseNext = false;
                  throw new TypeError('fetch failed (response lost)');
                }
                return results;
              },
              pull: async (after, limit) => (guard(), real().pull(after, limit)),
              fetchPlan: async () => (guard(), real().fetchPlan()),
              planVersion: async () => (guard(), real().planVersion()),
              me: async () => (guard(), real().me()),
            };
          };
          const saved = new Set<string>();
          let operation = seed;
          try {
            for (const action of script) {
              if (action.kind === 'restart-server') {
                await server.close();
                server = await startTestServer(database);
                continue;
              }
              const tablet = tablets[action.device]!;
              switch (action.kind) {
                case 'record':
                  for (let i = 0; i < action.count; i++) {
                    const entry = entryFor(publication, site, tablet.id, operation++);
                    await recordEntry(tablet.db, entry as never);
                    saved.add(entry.id);
                  }
                  break;
                case 'crash-while-recording': {
                  const entry = entryFor(publication, site, tablet.id, operation++);
                  await expect(
                    recordEntry(tablet.db, entry as never, () => {
                      throw new Error('the tab was killed');
                    }),
                  ).rejects.toThrow('the tab was killed');
                  // Neither the entry nor its outbox record: the transaction took both or nothing.
                  expect(await tablet.db.executionEntries.get(entry.id)).toBeUndefined();
                  expect(await tablet.db.outbox.where('entryId').equals(entry.id).count()).toBe(0);
                  break;
                }
                case 'offline':
                  tablet.online = false;
                  break;
                case 'online':
                  tablet.online = true;
                  break;
                case 'lose-next-response':
                  tablet.loseNext = true;
                  break;
                case 'sync':
                  await syncOnce(tablet.db, transportOf(tablet), site).catch((error: Error) => {
                    if (!(error instanceof TypeError)) throw error;
                  });
                  break;
                case 'reload':
                  tablet.db.close();
                  tablet.db = openDatabase(tablet.name);
                  break;
                case 'replay': {
                  // An old batch delivered again, after newer ones (Background Sync, a retry).
                  const old = tablet.sent[Math.abs(operation) % Math.max(1, tablet.sent.length)];
                  if (old && tablet.online) {
                    const results = await httpTransport(server.url, site, tablet.token).push(old);
                    expect(results.every((result) => result.status === 'duplicate')).toBe(true);
                  }
                  break;
                }
              }
            }
            // The network comes back for everyone; two rounds: all push, then all pull.
            for (const tablet of tablets) {
              tablet.online = true;
              tablet.loseNext = false;
            }
            for (let round = 0; round < 2; round++) for (const tablet of tablets) await syncOnce(tablet.db, transportOf(tablet), site);

            const onServer: string[] = [];
            let cursor = '0';
            for (;;) {
              const page = await httpTransport(server.url, site, planner.token).pull(cursor, 1000);
              onServer.push(...page.entries.map((entry) => entry.id));
              if (page.entries.length === 0) break;
              cursor = page.next;
            }
            expect(onServer.length).toBe(new Set(onServer).size);
            expect(new Set(onServer)).toEqual(saved);
            for (const tablet of tablets) {
              expect(await tablet.db.outbox.count()).toBe(0);
              const local = await siteEntries(tablet.db, site);
              expect(local.filter((entry) => entry.rejectedReason)).toEqual([]);
              expect(new Set(local.map((entry) => entry.id))).toEqual(saved);
            }
          } finally {
            for (const tablet of tablets) {
              tablet.db.close();
              await Dexie.delete(tablet.name);
            }
          }
        }),
        { numRuns: backend === 'pglite' ? 20 : 15, seed: 20261126 + devices, endOnFailure: true },
      );
    }, 240_000);
  }
});
