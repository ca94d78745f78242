import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { validateFactory } from '../../domain/validate';
import { applyCorrections, checkAssumptions } from '../../engine/adherence/assumptions';
import { readEntriesFile, readFactoryFile, RefusedInput } from '../documents';
import { UsageError, writeAll } from '../io';

export const assumptionsUsage = 'ponte assumptions FACTORY.json --entries entries.json [--json] [--accept all|ID,ID… --out CORRECTED.json]';

/** Assumed against observed, with the evidence; accepted corrections written to a new factory file. */
export async function assumptionsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { entries: { type: 'string' }, json: { type: 'boolean', default: false }, accept: { type: 'string' }, out: { type: 'string' } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1 || !values.entries) throw new UsageError(`assumptions takes a factory file and --entries: ${assumptionsUsage}`);
  if (Boolean(values.accept) !== Boolean(values.out)) throw new UsageError('--accept and --out go together: the corrected factory is a new file, the old one is kept');
  const factory = await readFactoryFile(positionals[0]!);
  const checks = checkAssumptions(factory, await readEntriesFile(values.entries, factory));
  if (values.accept && values.out) {
    const wanted = values.accept === 'all' ? checks.filter((check) => check.propose) : values.accept.split(',').map((id) => checks.find((check) => check.id === id.trim()) ?? id.trim());
    const unknown = wanted.filter((check) => typeof check === 'string');
    if (unknown.length > 0) throw new UsageError(`no such assumption: ${unknown.join(', ')} (see ponte assumptions without --accept)`);
    const refused = wanted.filter((check) => typeof check !== 'string' && !check.propose);
    if (refused.length > 0) throw new UsageError(`not proposed, the evidence is not enough: ${refused.map((check) => (typeof check === 'string' ? check : `${check.id} (${check.why})`)).join('; ')}`);
    const { factory: corrected, changes } = applyCorrections(factory, wanted as typeof checks);
    const check = validateFactory(corrected);
    if (!check.ok) throw new RefusedInput('corrected factory (nothing was written)', check.errors);
    await writeFile(values.out, `${JSON.stringify(corrected, null, 1)}\n`);
    await writeAll(process.stderr, `${changes.length} correction(s) written to ${values.out}:\n${changes.map((change) => `  ${change.path}: ${change.from} → ${change.to}`).join('\n')}\n`);
    return 0;
  }
  if (values.json) {
    await writeAll(process.stdout, `${JSON.stringify(checks, null, 1)}\n`);
    return 0;
  }
  const number = (value: number) => (Math.round(value * 1000) / 1000).toString();
  await writeAll(
    process.stdout,
    `${checks.length === 0 ? 'no entry to estimate from\n' : ''}${checks.map((check) => `${check.propose ? 'PROPOSE' : '       '} ${check.id}: assumed ${number(check.assumed)}, observed ${number(check.observed)} (${check.why})`).join('\n')}\n`,
  );
  return 0;
}
