import { parseArgs } from 'node:util';
import { tryParseDate } from '../../domain/dates';
import { adherenceJson, adherenceReport } from '../../engine/adherence/index';
import { readEntriesFile, readFactoryFile, readPlanFile, readScheduleFile } from '../documents';
import { UsageError, writeAll } from '../io';

export const adherenceUsage = 'ponte adherence FACTORY.json --plan plan.json [--schedule schedule.json] --entries entries.json [--as-of DATE] [--json]';

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

export async function adherenceCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { plan: { type: 'string' }, schedule: { type: 'string' }, entries: { type: 'string' }, 'as-of': { type: 'string' }, json: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1 || !values.plan || !values.entries) throw new UsageError(`adherence takes a factory file, --plan and --entries: ${adherenceUsage}`);
  if (values['as-of'] !== undefined && tryParseDate(values['as-of']) === undefined) throw new UsageError(`--as-of must be a date YYYY-MM-DD, not "${values['as-of']}"`);
  const factory = await readFactoryFile(positionals[0]!);
  const plan = await readPlanFile(values.plan);
  const schedule = values.schedule ? await readScheduleFile(values.schedule) : undefined;
  const entries = await readEntriesFile(values.entries, factory);
  const report = adherenceJson(adherenceReport(factory, plan, schedule, entries, values['as-of']));
  if (values.json) {
    await writeAll(process.stdout, `${JSON.stringify(report, null, 1)}\n`);
    return 0;
  }
  const lines = [
    `plan adherence ${pct(report.planAdherence)} (volume ${pct(report.volumeAdherence)}, mix ${pct(report.mixAdherence)}) over ${report.weeksCovered} week(s), ${report.entries} entries; planned ${report.planned}, executed ${report.executed}, unplanned ${report.unplanned}`,
    '',
    'by week:',
    ...report.byWeek.map((week) => `  S${week.week}: ${pct(week.planAdherence)}  (planned ${week.planned}, executed ${week.executed}, volume ${pct(week.volumeAdherence)}, mix ${pct(week.mixAdherence)})`),
    'by work center:',
    ...report.byResource.map((resource) => `  ${resource.resource}: ${pct(resource.planAdherence)}  (planned ${resource.planned}, executed ${resource.executed})`),
    ...(report.scheduleAdherence
      ? ['', `schedule adherence ${pct(report.scheduleAdherence.share)}: ${report.scheduleAdherence.adhering} of ${report.scheduleAdherence.operations} operations on time and in sequence`, ...report.scheduleAdherence.byMachine.map((machine) => `  ${machine.machine}: ${pct(machine.share)} (${machine.adhering} of ${machine.operations})`)]
      : []),
    '',
    report.causes.length === 0 ? 'no deviation causes recorded' : 'deviation causes (Pareto):',
    ...report.causes.map((cause) => `  ${cause.category}/${cause.code}: ${cause.count} operation(s), ${cause.qty} units at stake, ${pct(cause.cumulative)} cumulative`),
  ];
  await writeAll(process.stdout, `${lines.join('\n')}\n`);
  return 0;
}
