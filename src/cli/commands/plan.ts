import { flowOptions } from '../kernel';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { describeShortfalls } from '../../engine/masterPlan/describe';
import { DEFAULT_TIME_LIMIT_SECONDS, buildPlanModel, planMaster } from '../../engine/masterPlan/index';
import { checkPlan } from '../../engine/planCheck';
import { createHighsSolver } from '../../solver/highs';
import { createNodeSolver, limitFromProcessStart } from '../solver';
import { readFactoryFile } from '../documents';
import { UsageError, writeAll } from '../io';

export const planUsage = 'ponte plan FACTORY.json|- [--out plan.json] [--time-limit S] [--gap G] [--strategy auto|exact|lp-rounding|levelled] [--write-lp model.lp] [--quiet]';

export async function planCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      out: { type: 'string' },
      'time-limit': { type: 'string' },
      gap: { type: 'string' },
      strategy: { type: 'string', default: 'auto' },
      'write-lp': { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError(`plan takes one factory file: ${planUsage}`);
  const timeLimit = values['time-limit'] === undefined ? undefined : Number(values['time-limit']);
  if (timeLimit !== undefined && !(timeLimit > 0)) throw new UsageError(`--time-limit must be a number of seconds > 0, not "${values['time-limit']}"`);
  const gap = values.gap === undefined ? undefined : Number(values.gap);
  if (gap !== undefined && !(gap >= 0)) throw new UsageError(`--gap must be a relative gap >= 0, not "${values.gap}"`);
  if (!['auto', 'exact', 'lp-rounding', 'levelled'].includes(values.strategy)) throw new UsageError(`--strategy must be auto, exact, lp-rounding or levelled, not "${values.strategy}"`);

  const factory = await readFactoryFile(positionals[0]!);
  const solver = await createNodeSolver();
  const log = (line: string) => (values.quiet ? Promise.resolve() : writeAll(process.stderr, `${line}\n`));
  if (values['write-lp']) {
    await writeFile(values['write-lp'], (await createHighsSolver()).toLpFormat(buildPlanModel(factory).model));
    await log(`model written to ${values['write-lp']} (CPLEX LP format)`);
  }
  const run = await planMaster(factory, solver, {
    timeLimitSeconds: limitFromProcessStart(timeLimit ?? factory.policy.solver?.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS),
    flow: await flowOptions(factory),
    ...(gap !== undefined ? { mipRelGap: gap } : {}),
    strategy: values.strategy as 'auto',
    onProgress: (message) => void log(message),
  });
  const text = `${JSON.stringify(run.plan, null, 1)}\n`;
  if (values.out) await writeFile(values.out, text);
  else await writeAll(process.stdout, text);

  const { plan } = run;
  const lost = plan.constrainedDemand.reduce((sum, entry) => sum + entry.lost, 0);
  const demand = plan.constrainedDemand.reduce((sum, entry) => sum + entry.demand, 0);
  await log(
    `plan: ${plan.status}, objective ${plan.objective.toFixed(2)}${run.gap !== undefined ? `, gap ${(run.gap * 100).toFixed(2)}%` : ''}; ` +
      `${plan.stats.variables} variables, ${plan.stats.constraints} constraints, built in ${run.buildSeconds.toFixed(2)} s, solved in ${plan.stats.solveSeconds.toFixed(2)} s (${run.strategy}); ` +
      `${((1 - lost / Math.max(1, demand)) * 100).toFixed(1)}% of demand served, ${plan.changes.length} slushy changes`,
  );
  if (run.stopped) await log(run.stopped === 'cancelled' ? 'cancelled: this is the best plan found before the stop' : `time limit: the solver did not stop at its limit and was ended; the plan is built from the best one in hand, within the ${timeLimit ?? factory.policy.solver?.timeLimitSeconds ?? 'default'} s limit`);
  const shortfalls = describeShortfalls(factory, plan);
  if (shortfalls.length > 0) await log(`shortfalls (${shortfalls.length}):\n${shortfalls.slice(0, 20).map((line) => `  ${line}`).join('\n')}${shortfalls.length > 20 ? `\n  … and ${shortfalls.length - 20} more` : ''}`);
  const violations = checkPlan(factory, plan);
  if (violations.length > 0) {
    await writeAll(process.stderr, `self-check FAILED: ${violations.length} violation(s)\n${violations.slice(0, 20).map((violation) => `  [${violation.rule}] ${violation.message}`).join('\n')}\n`);
    return 1;
  }
  await log('self-check: every rule holds');
  return 0;
}
