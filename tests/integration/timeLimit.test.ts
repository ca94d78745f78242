/**
 * The time limit is a promise: on a factory where HiGHS 1.15 overruns `time_limit` in its MIP
 * (../shared/benchmarks/regressions/metal-S-time-limit.json, beside the clone), the plan
 * comes back, holds every rule and says it was stopped, from the command line and from the
 * planner API that the app's worker exposes. How long the overrun is, the bench measures.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateFactoryText } from '../../src/domain/validate';
import { checkPlan } from '../../src/engine/planCheck';
import { createIsolatedNodeSolver } from '../../src/solver/node';
import { createPlannerApi } from '../../src/worker/plannerApi';
import { withoutToolsAndCrew } from '../helpers/withoutToolsAndCrew';

const FIXTURE = fileURLToPath(new URL('../../../shared/benchmarks/regressions/metal-S-time-limit.json', import.meta.url));

/** The fixture as HiGHS overran on it (see withoutToolsAndCrew). */
function loadFactory() {
  const validation = validateFactoryText(readFileSync(FIXTURE, 'utf8'));
  if (!validation.ok) throw new Error(`the fixture no longer validates: ${validation.errors[0]?.message}`);
  return withoutToolsAndCrew(validation.factory);
}

/** Runs the CLI; a child that has not exited after `killAfterMs` is killed, and that is reported. */
function runPonte(args: string[], killAfterMs: number): Promise<{ status: number | null; killed: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/ponte.js', ...args]);
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, killAfterMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, killed, stdout, stderr });
    });
  });
}

describe('the Master Plan time limit', () => {
  it('ponte plan returns a plan that holds every rule and says the solver was stopped', async () => {
    // Before the watchdog this ran for more than 15 minutes; it is killed here after 75 s.
    // HiGHS's MIP stops answering about 5 s into its search here (measured: limits of 6 s return,
    // 8 s and 10 s overrun, 3 runs each). The MIP comes after the closed loop's learning, which
    // takes a varying share of the time: at 20 s a busy CI's MIP was given 6.2 s and returned by
    // itself, and at 30 s once 8.3 s (2026-11-28, the whole suite on two cores). 45 s leaves it
    // 20 s or more, well past that point.
    const file = join(mkdtempSync(join(tmpdir(), 'ponte-time-limit-')), 'metal-S.json');
    writeFileSync(file, JSON.stringify(loadFactory()));
    const result = await runPonte(['plan', file, '--time-limit', '45'], 75_000);
    expect(result.killed).toBe(false);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('self-check: every rule holds');
    expect(result.stderr).toMatch(/time limit: the solver did not stop at its limit and was ended/);
    const plan = JSON.parse(result.stdout);
    expect(plan.stats.stopped).toBe('time-limit');
    expect(checkPlan(loadFactory(), plan)).toEqual([]);
  }, 110_000);

  it("Cancel in the app's planner API stops the solve and returns the plan in hand", async () => {
    const factory = loadFactory();
    const api = createPlannerApi(() => createIsolatedNodeSolver());
    const progress: string[] = [];
    const running = api.plan({ factory, timeLimitSeconds: 60 }, (message) => progress.push(message));
    // Cancel once the MIP runs: after the first plan is in hand.
    await expect.poll(() => progress.some((line) => line.startsWith('first plan')), { timeout: 20_000, interval: 50 }).toBe(true);
    const cancelledAt = performance.now();
    api.cancel();
    const cancelled = await running;
    const secondsToStop = (performance.now() - cancelledAt) / 1000;
    expect(cancelled.stopped).toBe('cancelled');
    expect(cancelled.violations).toEqual([]);
    expect(cancelled.plan.production.length).toBeGreaterThan(0);
    // Far from the 60 s it was given: the stop is not a time-out (the bench measures it).
    expect(secondsToStop).toBeLessThan(20);
  }, 90_000);
});
