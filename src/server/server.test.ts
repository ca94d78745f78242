/**
 * The site server over HTTP on its real databases (PGlite; PostgreSQL too when
 * PONTE_TEST_DATABASE_URL is set): publishing, push and pull, idempotency, refusals, a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, api, demoPublication, enroll, entryFor, startTestServer, testDatabase, type TestDatabase } from '../../tests/helpers/siteServer';
import { revokeDevice } from './devices';
import type { RunningServer } from './serve';

const publication = demoPublication();

describe.each(BACKENDS)('the site server on %s', (backend) => {
  let database: TestDatabase;
  let server: RunningServer;
  let planner: string;
  let supervisor: { id: string; token: string };

  beforeAll(async () => {
    database = await testDatabase(backend);
    server = await startTestServer(database);
    planner = (await enroll(server, 'valle', 'planner')).token;
    const enrolled = await enroll(server, 'valle', 'supervisor', 'Tablet 3');
    supervisor = { id: enrolled.device.id, token: enrolled.token };
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await database?.dispose();
  });

  it('holds entries back until a plan is published, then a planner publishes and a tablet fetches it', async () => {
    const early = await api(server, 'POST', '/api/v1/sites/valle/entries', supervisor.token, { entries: [entryFor(publication, 'valle', supervisor.id)] });
    expect(early.status).toBe(409);
    expect(early.body.error).toMatch(/no plan is published for site valle/);
    expect((await api(server, 'GET', '/api/v1/sites/valle/plan', supervisor.token)).status).toBe(404);

    const refused = await api(server, 'PUT', '/api/v1/sites/valle/plan', supervisor.token, publication);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('only a planner device publishes plans');
    expect((await api(server, 'GET', '/api/v1/sites/valle/plan', supervisor.token)).status).toBe(404);

    const broken = await api(server, 'PUT', '/api/v1/sites/valle/plan', planner, { ...publication, factory: { ...publication.factory, start: '2026-12-01' } });
    expect(broken.status).toBe(400);
    expect(JSON.stringify(broken.body.errors)).toContain('factory.start');

    const published = await api(server, 'PUT', '/api/v1/sites/valle/plan', planner, publication);
    expect(published).toEqual({ status: 200, body: { site: 'valle', version: 1 } });
    const fetched = await api(server, 'GET', '/api/v1/sites/valle/plan', supervisor.token);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toMatchObject({ site: 'valle', version: 1, plan: publication.plan, schedule: publication.schedule });
    expect(fetched.body.factory).toEqual(publication.factory);
  });

  it('accepts entries once, answers a resend as a duplicate and other content under the same id as a conflict', async () => {
    const entries = [0, 1, 2].map((index) => entryFor(publication, 'valle', supervisor.id, index));
    const first = await api(server, 'POST', '/api/v1/sites/valle/entries', supervisor.token, { entries });
    expect(first.status).toBe(200);
    expect(first.body.results).toEqual(entries.map((entry) => ({ id: entry.id, status: 'accepted' })));
    // The same batch again (a lost response, a Background Sync replay), reordered.
    const again = await api(server, 'POST', '/api/v1/sites/valle/entries', supervisor.token, { entries: [entries[2], entries[0], entries[1]] });
    expect(again.body.results!.map((result) => result.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    // Key order does not make other content.
    const reordered = Object.fromEntries(Object.entries(entries[0]!).reverse());
    expect((await api(server, 'POST', '/api/v1/sites/valle/entries', supervisor.token, { entries: [reordered] })).body.results![0]!.status).toBe('duplicate');
    const conflict = await api(server, 'POST', '/api/v1/sites/valle/entries', supervisor.token, { entries: [{ ...entries[0], goodQty: 1 }] });
    expect(conflict.body.results![0]).toMatchObject({ id: entries[0]!.id, status: 'rejected' });
    expect(conflict.body.results![0]!.reason).toMatch(/^entries\[0\]\.id: conflict: an entry .* with other content is already stored; nothing was overwritten/);
    const pulled = await api(server, 'GET', '/api/v1/sites/valle/entries?after=0&limit=100', supervisor.token);
    expect(pulled.body.entries).toHaveLength(3);
    expect(pulled.body.entries!.map((entry) => (entry as { goodQty: number }).goodQty)).toEqual(entries.map((entry) => entry.goodQty));
  });

  it('refuses a malformed entry with a path-named reason and stores nothing of it, keeping the good ones of its batch', async () => {
    const before = (await api(server, 'GET', '/api/v1/sites/valle/entries?after=0&limit=1000', supervisor.token)).body.entries!.length;
    const good = entryFor(publication, 'valle', supervisor.id, 3);
    const bad = [
      { ...entryFor(publication, 'valle', supervisor.id), id: 'not-a-uuid' },
      { ...entryFor(publication, 'valle', supervisor.id), goodQty: -3 },
      { ...entryFor(publication, 'valle', supervisor.id), start: '2026-13-01T06:00' },
      { ...entryFor(publication, 'valle', supervisor.id), machine: 'NO-SUCH-MACHINE' },
      { ...entryFor(publication, 'valle', supervisor.id), step: 990 },
      { ...entryFor(publication, 'valle', supervisor.id), site: 'other' },
      { ...entryFor(publication, 'valle', supervisor.id), device: 'someone-else' },
      { ...entryFor(publication, 'valle', supervisor.id), goodQty: 'NaN' },
      { ...entryFor(publication, 'valle', supervisor.id), end: '2026-11-30T05:00' },
    ];
    const response = await api(server, 'POST', '/api/v1/sites/valle/entries', supervisor.token, { entries: [good, ...bad] });
    expect(response.status).toBe(200);
    const [first, ...rest] = response.body.results!;
    expect(first).toEqual({ id: good.id, status: 'accepted' });
    expect(rest.map((result) => result.status)).toEqual(bad.map(() => 'rejected'));
    const reasons = rest.map((result) => result.reason!);
    expect(reasons[0]).toBe('entries[1].id: must be a UUID');
    expect(reasons[1]).toBe('entries[2].goodQty: must not be negative');
    expect(reasons[2]).toMatch(/^entries\[3\]\.start: must be a local date-time/);
    expect(reasons[3]).toMatch(/^entries\[4\]\.machine: machine NO-SUCH-MACHINE is not a machine of factory/);
    expect(reasons[4]).toMatch(/^entries\[5\]\.step: item .* has no routing step 990/);
    expect(reasons[5]).toBe('entries[6].site: other is not site valle');
    expect(reasons[6]).toBe('entries[7].device: someone-else is not the device that sends it');
    expect(reasons[7]).toMatch(/^entries\[8\]\.goodQty: /);
    expect(reasons[8]).toMatch(/^entries\[9\]\.end: .* is before start/);
    const after = (await api(server, 'GET', '/api/v1/sites/valle/entries?after=0&limit=1000', supervisor.token)).body.entries!;
    expect(after.length).toBe(before + 1);
  });

  it('pages a pull by its cursor, resumably, in the order the server stored them', async () => {
    const entries = Array.from({ length: 25 }, (_, index) => entryFor(publication, 'valle', supervisor.id, index));
    await api(server, 'POST', '/api/v1/sites/valle/entries', supervisor.token, { entries });
    const seen: string[] = [];
    let cursor = '0';
    for (;;) {
      const page = await api(server, 'GET', `/api/v1/sites/valle/entries?after=${cursor}&limit=7`, supervisor.token);
      expect(page.status).toBe(200);
      seen.push(...page.body.entries!.map((entry) => (entry as { id: string }).id));
      if (page.body.entries!.length === 0) {
        expect(page.body.next).toBe(cursor);
        break;
      }
      cursor = page.body.next!;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(-25)).toEqual(entries.map((entry) => entry.id));
    expect((await api(server, 'GET', '/api/v1/sites/valle/entries?after=abc', supervisor.token)).status).toBe(400);
    expect((await api(server, 'GET', '/api/v1/sites/valle/entries?limit=5000', supervisor.token)).status).toBe(400);
  });

  it('never lets a follower skip an entry: pulls while many devices push at once see every entry, in one order', async () => {
    const devices = await Promise.all(Array.from({ length: 16 }, (_, index) => enroll(server, 'valle', 'supervisor', `Burst ${index}`)));
    const pushed: string[] = [];
    const followed: string[] = [];
    let cursor = (await api(server, 'GET', '/api/v1/sites/valle/entries?after=0&limit=1000', planner)).body.next!;
    let pushing = true;
    const follower = (async () => {
      for (;;) {
        const done = !pushing;
        const page = await api(server, 'GET', `/api/v1/sites/valle/entries?after=${cursor}&limit=1000`, planner);
        followed.push(...page.body.entries!.map((entry) => (entry as { id: string }).id));
        cursor = page.body.next!;
        if (done && page.body.entries!.length === 0) return;
      }
    })();
    await Promise.all(
      devices.map(async ({ device, token }) => {
        for (let round = 0; round < 10; round++) {
          // Batches of many entries keep each insert's commit open long enough for others to pass it.
          const entries = Array.from({ length: 40 }, (_, index) => entryFor(publication, 'valle', device.id, round * 40 + index));
          pushed.push(...entries.map((entry) => entry.id));
          expect((await api(server, 'POST', '/api/v1/sites/valle/entries', token, { entries })).status).toBe(200);
        }
      }),
    );
    pushing = false;
    await follower;
    expect(followed.length).toBe(pushed.length);
    expect(new Set(followed)).toEqual(new Set(pushed));
  });

  it('refuses what it cannot trust: no token, a wrong one, a revoked device, another site; nothing stored', async () => {
    const count = async () => (await api(server, 'GET', '/api/v1/sites/valle/entries?after=0&limit=1000', planner)).body.entries!.length;
    const before = await count();
    const body = { entries: [entryFor(publication, 'valle', supervisor.id)] };
    const none = await api(server, 'POST', '/api/v1/sites/valle/entries', undefined, body);
    expect(none.status).toBe(401);
    expect((await api(server, 'POST', '/api/v1/sites/valle/entries', 'ponte_wrong', body)).status).toBe(401);
    const other = await enroll(server, 'monte', 'supervisor');
    const crossSite = await api(server, 'POST', '/api/v1/sites/valle/entries', other.token, body);
    expect(crossSite).toEqual({ status: 403, body: { error: 'this device belongs to site monte, not valle' } });
    expect((await api(server, 'GET', '/api/v1/sites/valle/entries', other.token)).status).toBe(403);
    expect((await api(server, 'GET', '/api/v1/sites/valle/plan', other.token)).status).toBe(403);
    const doomed = await enroll(server, 'valle', 'supervisor', 'Lost tablet');
    await revokeDevice(server.db, doomed.device.id);
    const revoked = await api(server, 'POST', '/api/v1/sites/valle/entries', doomed.token, { entries: [entryFor(publication, 'valle', doomed.device.id)] });
    expect(revoked).toEqual({ status: 401, body: { error: 'unknown or revoked device token' } });
    expect(await count()).toBe(before);
  });

  it('refuses oversized requests and malformed bodies with a clear error', async () => {
    const tooMany = { entries: Array.from({ length: 501 }, () => entryFor(publication, 'valle', supervisor.id)) };
    const many = await api(server, 'POST', '/api/v1/sites/valle/entries', supervisor.token, tooMany);
    expect(many.status).toBe(413);
    expect(many.body.error).toBe('at most 500 entries per push, not 501');
    const huge = await api(server, 'POST', '/api/v1/sites/valle/entries', supervisor.token, { entries: [], pad: 'x'.repeat(3 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect((await api(server, 'POST', '/api/v1/sites/valle/entries', supervisor.token, '{"entries": [')).status).toBe(400);
    expect((await api(server, 'POST', '/api/v1/sites/valle/entries', supervisor.token, { items: [] })).body.error).toBe('the body must be {"entries": [...]}');
  });

  it('limits the requests of a device per minute, and tells it when to come back', async () => {
    const own = await testDatabase(backend);
    const limited = await startTestServer(own, 0, 5);
    try {
      const first = (await enroll(limited, 'valle', 'supervisor')).token;
      const second = (await enroll(limited, 'valle', 'supervisor')).token;
      const statuses: number[] = [];
      for (let index = 0; index < 7; index++) statuses.push((await api(limited, 'GET', '/api/v1/me', first)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      const refused = await api(limited, 'GET', '/api/v1/me', first);
      expect(refused.body.error).toMatch(/^too many requests: at most 5 a minute per device; retry in \d+ s$/);
      // Another device has its own allowance.
      expect((await api(limited, 'GET', '/api/v1/me', second)).status).toBe(200);
    } finally {
      await limited.close();
      await own.dispose();
    }
  });

  it('keeps everything across a restart', async () => {
    const before = (await api(server, 'GET', '/api/v1/sites/valle/entries?after=0&limit=1000', supervisor.token)).body.entries;
    await server.close();
    server = await startTestServer(database);
    expect((await api(server, 'GET', '/api/v1/sites/valle/entries?after=0&limit=1000', supervisor.token)).body.entries).toEqual(before);
    expect((await api(server, 'GET', '/api/v1/sites/valle/plan', supervisor.token)).body.version).toBe(1);
  }, 60_000);
});
