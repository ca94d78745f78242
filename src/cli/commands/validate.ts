import { parseArgs } from 'node:util';
import { validateFactoryText } from '../../domain/validate';
import { UsageError, readInput, writeAll } from '../io';

export const validateUsage = 'ponte validate FILE|- [--json]';

export async function validateCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new UsageError(`validate takes one file (or - for standard input): ${validateUsage}`);
  const file = positionals[0]!;
  const result = validateFactoryText(await readInput(file));
  if (values.json) {
    await writeAll(process.stdout, `${JSON.stringify({ valid: result.ok, errors: result.errors }, null, 1)}\n`);
  } else if (result.ok) {
    const { factory } = result;
    const count = (type: string) => factory.items.filter((item) => item.type === type).length;
    await writeAll(
      process.stdout,
      `valid: ${factory.name} — ${count('finished')} finished, ${count('intermediate')} intermediate, ${count('purchased')} purchased items; ` +
        `${factory.resources.length} work centers; ${factory.suppliers.length} suppliers; ${factory.horizonWeeks} weeks from ${factory.start}\n`,
    );
  } else {
    const lines = result.errors.map((error) => `  ${error.path || '(document)'}: ${error.message}`);
    await writeAll(process.stderr, `invalid: ${file === '-' ? 'standard input' : file} has ${result.errors.length} error${result.errors.length === 1 ? '' : 's'}\n${lines.join('\n')}\n`);
  }
  return result.ok ? 0 : 1;
}
