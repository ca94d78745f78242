import { parseArgs } from 'node:util';
import { reconcile, reconciliationCsv } from '../../engine/reconcile';
import { readEntriesFile, readFactoryFile, readPlanFile } from '../documents';
import { UsageError, writeAll } from '../io';

export const reconcileUsage = 'ponte reconcile FACTORY.json --plan plan.json [--entries entries.json] [--csv]';

export async function reconcileCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { plan: { type: 'string' }, entries: { type: 'string' }, csv: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1 || !values.plan) throw new UsageError(`reconcile takes a factory file and --plan: ${reconcileUsage}`);
  const factory = await readFactoryFile(positionals[0]!);
  const plan = await readPlanFile(values.plan);
  const entries = values.entries ? await readEntriesFile(values.entries, factory) : [];
  const cells = reconcile(factory, plan, entries);
  if (values.csv) {
    await writeAll(process.stdout, reconciliationCsv(cells));
    return 0;
  }
  const number = (value: number) => Math.round(value).toLocaleString('en');
  const lines = [
    `${'family'.padEnd(14)} ${'month'.padEnd(8)} ${'S&OP'.padStart(10)} ${'in horizon'.padStart(11)} ${'on time'.padStart(10)} ${'late+lost'.padStart(10)} ${'executed'.padStart(9)} ${'gap'.padStart(9)}  why`,
    ...cells.map(
      (target) =>
        `${target.family.padEnd(14)} ${target.month.padEnd(8)} ${number(target.sopQty).padStart(10)} ${number(target.sopQtyInHorizon).padStart(11)} ${number(target.onTimeQty).padStart(10)} ${number(target.demandQty - target.onTimeQty).padStart(10)} ${number(target.executedQty).padStart(9)} ${number(target.gapQty).padStart(9)}  ${target.reasons.slice(0, 3).join('; ')}${target.reasons.length > 3 ? '; …' : ''}`,
    ),
  ];
  await writeAll(process.stdout, `${lines.join('\n')}\n`);
  return 0;
}
