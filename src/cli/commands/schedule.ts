import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Factory, Plan } from '../../domain/types';
import { scheduleFrozenWeeks } from '../../engine/aps/index';
import { planMaster } from '../../engine/masterPlan/index';
import { checkPlan } from '../../engine/planCheck';
import { createNodeKernelFactory, flowOptions } from '../kernel';
import { createNodeSolver, limitFromProcessStart } from '../solver';
import { readFactoryFile, readPlanFile } from '../documents';
import { UsageError, writeAll } from '../io';

export const scheduleUsage = 'ponte schedule FACTORY.json --plan plan.json [--week N] [--out schedule.json] [--time-limit S] [--seed N] [--iterations N]';
export const chainUsage = 'ponte chain FACTORY.json --out DIR [--plan-time-limit S] [--time-limit S] [--seed N]';

function numberOption(name: string, text: string | undefined, check: (value: number) => boolean): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!check(value)) throw new UsageError(`--${name} is not valid: "${text}"`);
  return value;
}

async function runSchedule(factory: Factory, plan: Plan, options: { timeLimit?: number; seed?: number; iterations?: number; week?: number }) {
  const run = scheduleFrozenWeeks(factory, plan, {
    timeLimitSeconds: options.timeLimit ?? (options.iterations !== undefined ? Infinity : 10),
    seed: options.seed ?? 1,
    ...(options.iterations !== undefined ? { maxIterations: options.iterations } : {}),
    ...(options.week !== undefined ? { week: options.week } : {}),
    kernelFactory: await createNodeKernelFactory(),
  });
  const { kpis, violations } = run.schedule;
  await writeAll(
    process.stderr,
    `schedule: ${run.schedule.operations.length} operations, makespan ${(kpis.makespanMinutes / 60).toFixed(1)} h, setups ${(kpis.totalSetupMinutes / 60).toFixed(1)} h, ` +
      `tardiness ${(kpis.totalTardinessMinutes / 60).toFixed(1)} h over ${kpis.lateOrders} late lots; ${run.iterations} iterations in ${run.seconds.toFixed(2)} s (${run.kernel} kernel)\n` +
      (violations.length === 0 ? 'self-check: every rule holds\n' : `self-check FAILED: ${violations.length} violation(s)\n${violations.slice(0, 20).map((violation) => `  ${JSON.stringify(violation)}`).join('\n')}\n`),
  );
  return run;
}

export async function scheduleCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { plan: { type: 'string' }, week: { type: 'string' }, out: { type: 'string' }, 'time-limit': { type: 'string' }, seed: { type: 'string' }, iterations: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1 || !values.plan) throw new UsageError(`schedule takes a factory file and --plan: ${scheduleUsage}`);
  const factory = await readFactoryFile(positionals[0]!);
  const plan = await readPlanFile(values.plan);
  const week = numberOption('week', values.week, (value) => Number.isInteger(value) && value >= 0 && value < factory.horizonWeeks);
  const run = await runSchedule(factory, plan, {
    ...(week !== undefined ? { week } : {}),
    timeLimit: numberOption('time-limit', values['time-limit'], (value) => value > 0),
    seed: numberOption('seed', values.seed, Number.isInteger),
    iterations: numberOption('iterations', values.iterations, (value) => Number.isInteger(value) && value >= 0),
  });
  const text = `${JSON.stringify(run.schedule, null, 1)}\n`;
  if (values.out) await writeFile(values.out, text);
  else await writeAll(process.stdout, text);
  return run.schedule.violations.length === 0 ? 0 : 1;
}

export async function chainCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { out: { type: 'string' }, 'plan-time-limit': { type: 'string' }, 'time-limit': { type: 'string' }, seed: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1 || !values.out) throw new UsageError(`chain takes a factory file and --out DIR: ${chainUsage}`);
  const factory = await readFactoryFile(positionals[0]!);
  await mkdir(values.out, { recursive: true });
  const planLimit = numberOption('plan-time-limit', values['plan-time-limit'], (value) => value > 0) ?? 10;
  const { plan, stopped } = await planMaster(factory, await createNodeSolver(), { timeLimitSeconds: limitFromProcessStart(planLimit), flow: await flowOptions(factory) });
  if (stopped) await writeAll(process.stderr, 'time limit: the solver did not stop at its limit and was ended; the plan is the best one in hand\n');
  const planViolations = checkPlan(factory, plan);
  await writeFile(join(values.out, 'plan.json'), `${JSON.stringify(plan, null, 1)}\n`);
  await writeAll(process.stderr, `plan: ${plan.status}, objective ${plan.objective.toFixed(2)}; self-check ${planViolations.length === 0 ? 'holds' : `FAILED (${planViolations.length})`}\n`);
  const run = await runSchedule(factory, plan, {
    timeLimit: numberOption('time-limit', values['time-limit'], (value) => value > 0),
    seed: numberOption('seed', values.seed, Number.isInteger),
  });
  await writeFile(join(values.out, 'schedule.json'), `${JSON.stringify(run.schedule, null, 1)}\n`);
  await writeAll(process.stderr, `wrote ${join(values.out, 'plan.json')} and ${join(values.out, 'schedule.json')}\n`);
  return planViolations.length === 0 && run.schedule.violations.length === 0 ? 0 : 1;
}
