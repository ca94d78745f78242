import { parseArgs } from 'node:util';
import { validateFactoryText } from '../../domain/validate';
import { roughCutCapacity } from '../../engine/roughCut';
import { UsageError, readInput, writeAll } from '../io';

export const roughcutUsage = 'ponte roughcut FACTORY.json|- [--json] [--all]';

export async function roughcutCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean', default: false }, all: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new UsageError(`roughcut takes one factory file: ${roughcutUsage}`);
  const validation = validateFactoryText(await readInput(positionals[0]!));
  if (!validation.ok) {
    await writeAll(process.stderr, `invalid factory: ${validation.errors.length} error(s)\n${validation.errors.map((error) => `  ${error.path || '(document)'}: ${error.message}`).join('\n')}\n`);
    return 1;
  }
  const result = roughCutCapacity(validation.factory);
  if (values.json) {
    await writeAll(process.stdout, `${JSON.stringify(result, null, 1)}\n`);
    return 0;
  }
  const rows = result.capacity.filter((entry) => values.all || entry.overloaded);
  const hours = (minutes: number) => (minutes / 60).toFixed(0).padStart(7);
  const lines = rows.map(
    (entry) =>
      `${entry.resource.padEnd(10)} ${entry.month}  ${hours(entry.loadMinutes)} h of ${hours(entry.availableMinutes)} h  ${(entry.utilization * 100).toFixed(0).padStart(4)}%` +
      `${entry.beyondOvertime ? '  OVERLOADED beyond overtime' : entry.overloaded ? '  over, within overtime' : ''}  (${entry.families.slice(0, 3).map((family) => family.family).join(', ')})`,
  );
  const overloaded = result.capacity.filter((entry) => entry.overloaded).length;
  await writeAll(process.stdout, `${lines.join('\n')}${lines.length ? '\n' : ''}rough-cut: ${overloaded} of ${result.capacity.length} work-center months over capacity\n`);
  return 0;
}
