import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Schedule } from '../../src/domain/types';
import { entryOf } from '../../src/engine/adherence/asPlanned';

const ponte = (args: string[], input?: string) => {
  const result = spawnSync(process.execPath, ['bin/ponte.js', ...args], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
};

describe('ponte command line', () => {
  it('pipes a demo factory into validate', () => {
    const demo = ponte(['demo', '--size', 'M', '--kind', 'mixed', '--seed', '7']);
    expect(demo.status).toBe(0);
    expect(JSON.parse(demo.stdout).format).toBe('ponte.factory/1');
    const check = ponte(['validate', '-'], demo.stdout);
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    expect(check.stdout).toMatch(/^valid: Ponte Group — Ponte plant \(M, seed 7\) — 60 finished/);
  });

  it('validates a file and exits 1 with path-named errors for a broken one', () => {
    const folder = mkdtempSync(join(tmpdir(), 'ponte-cli-'));
    const factory = JSON.parse(ponte(['demo', '--size', 'S', '--kind', 'food', '--seed', '2']).stdout);
    factory.items[3].onHand = -10;
    factory.boms[0].component = 'NOPE';
    const file = join(folder, 'broken.json');
    writeFileSync(file, JSON.stringify(factory));
    const check = ponte(['validate', file]);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain(`invalid: ${file} has 1 error`);
    expect(check.stderr).toContain('items[3].onHand: must not be negative');
    const json = ponte(['validate', file, '--json']);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({ valid: false, errors: [{ path: 'items[3].onHand', message: 'must not be negative' }] });
  });

  it('refuses malformed JSON with its position', () => {
    const check = ponte(['validate', '-'], '{"format": "ponte.factory/1",\n "name": }');
    expect(check.status).toBe(1);
    expect(check.stderr).toContain('(document): malformed JSON at line 2, column 10');
  });

  it('explains usage errors and exits 2', () => {
    const bad = ponte(['demo', '--size', 'XXL']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--size must be one of S, M, L, XL, not "XXL"');
    expect(ponte(['frobnicate']).status).toBe(2);
    expect(ponte(['validate', '/no/such/file.json']).stderr).toContain('cannot read /no/such/file.json: no such file');
  });
});

describe('ponte plan', () => {
  it('plans a demo factory, writes the plan and the LP model, and passes its self-check', () => {
    const folder = mkdtempSync(join(tmpdir(), 'ponte-plan-'));
    const factoryFile = join(folder, 'factory.json');
    writeFileSync(factoryFile, ponte(['demo', '--size', 'S', '--kind', 'paint', '--seed', '4', '--tight', '1.2']).stdout);
    const planFile = join(folder, 'plan.json');
    const lpFile = join(folder, 'model.lp');
    const run = ponte(['plan', factoryFile, '--out', planFile, '--time-limit', '3', '--write-lp', lpFile]);
    expect(run.stderr).toContain('self-check: every rule holds');
    expect(run.status).toBe(0);
    const plan = JSON.parse(readFileSync(planFile, 'utf8'));
    expect(plan.format).toBe('ponte.plan/1');
    expect(plan.constrainedDemand.some((entry: { reasons: unknown[] }) => entry.reasons.length > 0)).toBe(true);
    expect(run.stderr).toMatch(/shortfalls \(\d+\):\n {2}\S+, week \d+: /);
    const lp = readFileSync(lpFile, 'utf8');
    expect(lp).toMatch(/^min\n obj:/m);
    expect(lp).toMatch(/^ capacity_P_\w+_0:/m);
  }, 30_000);

  it('refuses an invalid factory with exit code 1', () => {
    const run = ponte(['plan', '-'], '{"format": "ponte.factory/1"}');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('invalid factory');
  });
});

describe('ponte roughcut', () => {
  it('flags work-center months over capacity on a tight plant', () => {
    const factory = ponte(['demo', '--size', 'M', '--kind', 'food', '--seed', '2', '--tight', '1.3']).stdout;
    const run = ponte(['roughcut', '-'], factory);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^F-\w+ +\d{4}-\d{2} .*%/m);
    const overloaded = Number(/rough-cut: (\d+) of \d+ work-center months over capacity/.exec(run.stdout)![1]);
    expect(overloaded).toBeGreaterThan(0);
    expect(JSON.parse(ponte(['roughcut', '-', '--json'], factory).stdout).capacity.filter((entry: { overloaded: boolean }) => entry.overloaded)).toHaveLength(overloaded);
  });
});

describe('ponte chain and schedule', () => {
  it('runs S&OP → Master Plan → APS and writes a plan and a schedule that hold', () => {
    const folder = mkdtempSync(join(tmpdir(), 'ponte-chain-'));
    const factoryFile = join(folder, 'factory.json');
    writeFileSync(factoryFile, ponte(['demo', '--size', 'S', '--kind', 'mixed', '--seed', '6']).stdout);
    const chain = ponte(['chain', factoryFile, '--out', folder, '--plan-time-limit', '2', '--time-limit', '2']);
    expect(chain.stderr).toContain('self-check: every rule holds');
    expect(chain.stderr).toContain('(WebAssembly kernel)');
    expect(chain.status).toBe(0);
    const schedule = JSON.parse(readFileSync(join(folder, 'schedule.json'), 'utf8'));
    expect(schedule.format).toBe('ponte.schedule/1');
    expect(schedule.violations).toEqual([]);
    // The schedule command alone, on the plan chain wrote, with a fixed iteration budget, is repeatable.
    const again = (out: string) => ponte(['schedule', factoryFile, '--plan', join(folder, 'plan.json'), '--out', join(folder, out), '--iterations', '30', '--seed', '2']);
    expect(again('a.json').status).toBe(0);
    expect(again('b.json').status).toBe(0);
    expect(readFileSync(join(folder, 'a.json'), 'utf8')).toBe(readFileSync(join(folder, 'b.json'), 'utf8'));
  }, 60_000);
});

describe('ponte adherence, reconcile and roll', () => {
  it('measure an executed week, reconcile it with S&OP, and roll the factory on; broken entries are refused with their path', () => {
    const folder = mkdtempSync(join(tmpdir(), 'ponte-loop-'));
    const at = (name: string) => join(folder, name);
    writeFileSync(at('factory.json'), ponte(['demo', '--size', 'S', '--kind', 'food', '--seed', '3']).stdout);
    expect(ponte(['chain', at('factory.json'), '--out', folder, '--plan-time-limit', '2', '--time-limit', '1']).status).toBe(0);
    const schedule = JSON.parse(readFileSync(at('schedule.json'), 'utf8'));
    const finished = new Set(JSON.parse(readFileSync(at('factory.json'), 'utf8')).items.filter((item: { type: string }) => item.type === 'finished').map((item: { id: string }) => item.id));
    // A finished item's lot, so that being short does not starve next week's frozen production.
    const lastStep = (item: string) => Math.max(...schedule.operations.filter((operation: { item: string }) => operation.item === item).map((operation: { step: number }) => operation.step));
    const short = schedule.operations.findIndex((operation: { item: string; step: number }) => finished.has(operation.item) && operation.step === lastStep(operation.item));
    // Every operation as planned, but one finished lot made 10 % short, with a cause.
    const entries = (schedule.operations as Schedule['operations']).map((operation, index) => ({
      ...entryOf(operation, { id: `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`, site: 'valle', device: 'tablet', recordedAt: '2026-12-05T18:00:00Z' }),
      ...(index === short ? { goodQty: operation.qty * 0.9, cause: { category: 'execution' as const, code: 'machine-breakdown' } } : {}),
    }));
    writeFileSync(at('entries.json'), JSON.stringify({ format: 'ponte.execution/1', entries }));

    const adherence = ponte(['adherence', at('factory.json'), '--plan', at('plan.json'), '--schedule', at('schedule.json'), '--entries', at('entries.json'), '--json']);
    expect(adherence.status).toBe(0);
    const report = JSON.parse(adherence.stdout);
    expect(report.planAdherence).toBeGreaterThan(0.9);
    expect(report.planAdherence).toBeLessThan(1);
    expect(report.byWeek).toHaveLength(1);
    expect(report.byResource.length).toBeGreaterThan(0);
    expect(report.causes).toEqual([expect.objectContaining({ category: 'execution', code: 'machine-breakdown', count: 1 })]);
    expect(ponte(['adherence', at('factory.json'), '--plan', at('plan.json'), '--entries', at('entries.json')]).stdout).toMatch(/^plan adherence \d+\.\d% \(volume/);

    const csv = ponte(['reconcile', at('factory.json'), '--plan', at('plan.json'), '--entries', at('entries.json'), '--csv']);
    expect(csv.status).toBe(0);
    expect(csv.stdout.split('\r\n')[0]).toMatch(/^family,month,sopQty,/);
    expect(csv.stdout.split('\r\n').length).toBeGreaterThan(3);

    const roll = ponte(['roll', at('factory.json'), '--plan', at('plan.json'), '--schedule', at('schedule.json'), '--entries', at('entries.json'), '--out', at('next.json')]);
    expect(roll.stderr).toMatch(/^rolled to \d{4}-\d{2}-\d{2}: \d+ items moved stock/);
    expect(roll.status).toBe(0);
    const next = ponte(['plan', at('next.json'), '--time-limit', '2', '--quiet']);
    expect(next.status).toBe(0);

    // One week of entries is not enough evidence to correct anything.
    const assumptions = ponte(['assumptions', at('factory.json'), '--entries', at('entries.json'), '--json']);
    expect(assumptions.status).toBe(0);
    const checks = JSON.parse(assumptions.stdout);
    expect(checks.length).toBeGreaterThan(0);
    expect(checks.every((check: { propose: boolean }) => !check.propose)).toBe(true);
    const refusedAccept = ponte(['assumptions', at('factory.json'), '--entries', at('entries.json'), '--accept', checks[0].id, '--out', at('corrected.json')]);
    expect(refusedAccept.status).toBe(2);
    expect(refusedAccept.stderr).toContain('not proposed, the evidence is not enough');

    entries[1]!.goodQty = -5;
    entries[2]!.machine = 'NO-SUCH-MACHINE';
    writeFileSync(at('broken.json'), JSON.stringify({ format: 'ponte.execution/1', entries }));
    const refused = ponte(['roll', at('factory.json'), '--plan', at('plan.json'), '--entries', at('broken.json'), '--out', at('never.json')]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('entries[1].goodQty: must not be negative');
    expect(refused.stderr).toContain('entries[2].machine: machine NO-SUCH-MACHINE is not a machine of factory');
    expect(() => readFileSync(at('never.json'))).toThrow();
  }, 90_000);
});
