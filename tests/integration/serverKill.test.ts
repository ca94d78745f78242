/**
 * The site server as a process: `ponte serve` started from the command line, devices enrolled
 * through its administration socket while it runs, the process killed with SIGKILL in the middle
 * of pushes and started again: nothing lost, nothing doubled. Its logs never hold a token.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS, demoPublication, entryFor, testDatabase, type TestDatabase } from '../helpers/siteServer';
import { join } from 'node:path';
import { openDatabase } from '../../src/server/database';
import { databaseTarget } from '../../src/server/serve';
import { httpTransport } from '../../src/sync/transport';

const publication = demoPublication();

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

interface Serve {
  child: ChildProcess;
  output: () => string;
}

async function startServe(database: TestDatabase, port: number): Promise<Serve> {
  const args = ['bin/ponte.js', 'serve', '--port', String(port), '--data', database.dataDir, ...(database.databaseUrl ? ['--database-url', database.databaseUrl] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const started = Date.now();
  while (!output.includes('Ponte site server on')) {
    if (child.exitCode !== null) throw new Error(`ponte serve exited: ${output}`);
    if (Date.now() - started > 60_000) throw new Error(`ponte serve did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, output: () => output };
}

function deviceAdd(database: TestDatabase, site: string, role: string, name: string): { token: string; stderr: string } {
  const result = spawnSync(process.execPath, ['bin/ponte.js', 'serve', 'device', 'add', '--data', database.dataDir, ...(database.databaseUrl ? ['--database-url', database.databaseUrl] : []), '--site', site, '--role', role, '--name', name], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`device add failed: ${result.stderr}`);
  const lines = result.stdout.trim().split('\n');
  return { token: lines[lines.length - 1]!, stderr: result.stderr };
}

describe.each(BACKENDS)('ponte serve on %s, killed mid-push', (backend) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('loses nothing and doubles nothing, and never logs a token', async () => {
    const database = await testDatabase(backend);
    cleanups.push(() => database.dispose());
    const port = await freePort();
    let serve = await startServe(database, port);
    cleanups.push(async () => void serve.child.kill('SIGKILL'));
    const url = `http://127.0.0.1:${port}`;

    // Enrolled while the server holds the database: the CLI goes through its socket.
    const planner = deviceAdd(database, 'valle', 'planner', 'Planner laptop');
    const tablet = deviceAdd(database, 'valle', 'supervisor', 'Tablet 1');
    expect(planner.token).toMatch(/^ponte_[A-Za-z0-9_-]{43}$/);
    expect(planner.stderr).toContain('enrolled');
    const me = await httpTransport(url, 'valle', tablet.token).me();
    expect(me).toMatchObject({ site: 'valle', role: 'supervisor', name: 'Tablet 1' });
    // The planner publishes with the command line; a supervisor's token may not.
    for (const [name, document] of Object.entries(publication)) writeFileSync(join(database.dataDir, `${name}.json`), JSON.stringify(document));
    writeFileSync(join(database.dataDir, 'planner.token'), `${planner.token}\n`);
    writeFileSync(join(database.dataDir, 'tablet.token'), tablet.token);
    const publishAs = (tokenFile: string) =>
      spawnSync(process.execPath, ['bin/ponte.js', 'publish', join(database.dataDir, 'factory.json'), '--plan', join(database.dataDir, 'plan.json'), '--schedule', join(database.dataDir, 'schedule.json'), '--server', url, '--token-file', join(database.dataDir, tokenFile)], { encoding: 'utf8' });
    const refused = publishAs('tablet.token');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('not published: only a planner device publishes plans');
    const published = publishAs('planner.token');
    expect(published.stderr).toBe(`published to site valle as version 1 with ${publication.schedule.operations.length} scheduled operations\n`);
    expect(published.status).toBe(0);

    const batches = Array.from({ length: 80 }, (_, batch) => Array.from({ length: 50 }, (_, index) => entryFor(publication, 'valle', me.id, batch * 50 + index)));
    const transport = httpTransport(url, 'valle', tablet.token);
    // Pushes in flight, four at a time; the kill comes once the server has answered a few rounds,
    // so it lands in the middle of pushes whatever the speed of the database.
    let killed = false;
    let roundsAnswered = 0;
    const inFlight = (async () => {
      const failures: number[] = [];
      for (let start = 0; start < batches.length; start += 4) {
        const outcomes = await Promise.allSettled(batches.slice(start, start + 4).map((batch) => transport.push(batch)));
        outcomes.forEach((outcome, offset) => outcome.status === 'rejected' && failures.push(start + offset));
        roundsAnswered++;
        if (killed) {
          for (let rest = start + 4; rest < batches.length; rest++) failures.push(rest);
          break;
        }
      }
      return failures;
    })();
    while (roundsAnswered < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    killed = true;
    serve.child.kill('SIGKILL');
    const failed = await inFlight;
    expect(failed.length).toBeGreaterThan(0);

    serve = await startServe(database, port);
    // The device pushes again everything it has not seen confirmed; then, to be sure, everything.
    for (const index of failed) for (const result of await transport.push(batches[index]!)) expect(result.status).not.toBe('rejected');
    for (const batch of batches) expect((await transport.push(batch)).every((result) => result.status === 'duplicate')).toBe(true);

    const ids: string[] = [];
    let cursor = '0';
    for (;;) {
      const page = await transport.pull(cursor, 1000);
      if (page.entries.length === 0) break;
      ids.push(...page.entries.map((entry) => entry.id));
      cursor = page.next;
    }
    expect(ids.length).toBe(batches.length * 50);
    expect(new Set(ids)).toEqual(new Set(batches.flat().map((entry) => entry.id)));

    if (backend === 'pglite') {
      // A backup of the running server, restored into a new folder: the same entries.
      const archive = join(database.dataDir, 'backup.tgz');
      const backup = spawnSync(process.execPath, ['bin/ponte.js', 'serve', 'backup', '--data', database.dataDir, '--out', archive], { encoding: 'utf8' });
      expect(backup.stderr).toMatch(/^backup of .* written to/);
      const restoredDir = join(database.dataDir, 'restored');
      const restore = spawnSync(process.execPath, ['bin/ponte.js', 'serve', 'restore', '--data', restoredDir, '--from', archive], { encoding: 'utf8' });
      expect(restore.status, restore.stderr).toBe(0);
      const restored = await openDatabase(databaseTarget(restoredDir, undefined));
      expect((await restored.query<{ count: number }>('select count(*)::int as count from entries')).rows[0]!.count).toBe(batches.length * 50);
      await restored.close();
    }

    serve.child.kill('SIGTERM');
    await new Promise((resolve) => serve.child.once('exit', resolve));
    const logs = serve.output();
    expect(logs).toContain('"path":"/api/v1/sites/valle/entries"');
    for (const token of [planner.token, tablet.token]) expect(logs).not.toContain(token);
    expect(logs).not.toMatch(/authorization|Bearer/i);
  }, 180_000);
});
