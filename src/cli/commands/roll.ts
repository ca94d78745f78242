import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { validateFactory } from '../../domain/validate';
import { rollForward, type StockMovement } from '../../engine/roll';
import { readEntriesFile, readFactoryFile, readPlanFile, readScheduleFile, RefusedInput } from '../documents';
import { UsageError, writeAll } from '../io';

export const rollUsage = 'ponte roll FACTORY.json --plan plan.json [--schedule schedule.json] --entries entries.json --out NEXT.json';

/** Moves the factory one week on: week 0's execution into stock, the approved plan into previousPlan. */
export async function rollCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { plan: { type: 'string' }, schedule: { type: 'string' }, entries: { type: 'string' }, out: { type: 'string' } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1 || !values.plan || !values.entries || !values.out) throw new UsageError(`roll takes a factory file, --plan, --entries and --out: ${rollUsage}`);
  const factory = await readFactoryFile(positionals[0]!);
  const plan = await readPlanFile(values.plan);
  const schedule = values.schedule ? await readScheduleFile(values.schedule) : undefined;
  const entries = await readEntriesFile(values.entries, factory);
  const { factory: next, movements, warnings } = rollForward(factory, plan, entries, schedule);
  const check = validateFactory(next);
  if (!check.ok) throw new RefusedInput('rolled factory (nothing was written)', check.errors);
  await writeFile(values.out, `${JSON.stringify(next, null, 1)}\n`);
  const moved = movements.filter((movement) => movement.received || movement.produced || movement.consumed || movement.shipped);
  await writeAll(
    process.stderr,
    `rolled to ${next.start}: ${moved.length} items moved stock (received ${sum(moved, 'received')}, produced ${sum(moved, 'produced')}, consumed ${sum(moved, 'consumed')}, shipped ${sum(moved, 'shipped')}); previous plan of ${next.previousPlan?.production.length ?? 0} lines; written to ${values.out}\n${warnings.map((warning) => `warning: ${warning}`).join('\n')}${warnings.length ? '\n' : ''}`,
  );
  return 0;
}

function sum(list: StockMovement[], key: 'received' | 'produced' | 'consumed' | 'shipped'): string {
  return (Math.round(list.reduce((total, row) => total + row[key], 0) * 1000) / 1000).toLocaleString('en');
}
