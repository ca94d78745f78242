import { parseArgs } from 'node:util';
import { DEMO_KINDS, DEMO_SIZES, generateDemoFactory, type DemoKind, type DemoSize } from '../../demo/generator';
import { UsageError, writeAll } from '../io';

export const demoUsage = 'ponte demo --kind food|paint|mixed --size S|M|L|XL [--seed N] [--tight F] [--start YYYY-MM-DD]';

export async function demoCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { kind: { type: 'string', default: 'food' }, size: { type: 'string', default: 'M' }, seed: { type: 'string', default: '1' }, tight: { type: 'string' }, start: { type: 'string' } },
    strict: true,
  });
  if (!DEMO_KINDS.includes(values.kind as DemoKind)) throw new UsageError(`--kind must be one of ${DEMO_KINDS.join(', ')}, not "${values.kind}"`);
  if (!DEMO_SIZES.includes(values.size as DemoSize)) throw new UsageError(`--size must be one of ${DEMO_SIZES.join(', ')}, not "${values.size}"`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed must be a whole number >= 0, not "${values.seed}"`);
  const tight = values.tight === undefined ? undefined : Number(values.tight);
  if (tight !== undefined && !(tight > 0 && tight <= 5)) throw new UsageError(`--tight must be a number in (0, 5], not "${values.tight}"`);
  const factory = generateDemoFactory({
    kind: values.kind as DemoKind,
    size: values.size as DemoSize,
    seed,
    ...(tight !== undefined ? { tight } : {}),
    ...(values.start !== undefined ? { start: values.start } : {}),
  });
  await writeAll(process.stdout, `${JSON.stringify(factory, null, 1)}\n`);
  return 0;
}
