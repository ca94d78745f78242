/**
 * `npm run bench -- gap [--kinds food,paint,mixed] [--sizes M,L] [--tight 1.0] [--seed 1] [--limit 10] [--rounds 40] [--block-seconds 0] [--repeats 3]`:
 * M and L Master Plans against the best bound we can prove (issue 16, part 5: within 3 % in 10 s).
 * Each plan runs as the CLI does, in its own process, its time counted from the process's start,
 * `--repeats` times (the median is printed: the closed loop's checks follow the clock); and as
 * many times without the closed loop with the APS, the plan of the model alone, which is what
 * the bounds bound (the loop's plan also pays for the capacity it holds back so that the
 * released weeks run on time).
 * Two bounds, each from another process: the LP relaxation of the plan's own model, and that LP
 * strengthened by the lot-sizing inequalities of the end items and, on their echelon, of the components that feed only end items (masterPlan/bound.ts, `--rounds` rounds
 * of cuts); with `--block-seconds S`, also the Lagrangian bound at the LP's duals
 * (masterPlan/lagrangian.ts, each item's MIP given S seconds), and at the duals of the LP with
 * every cut (each end item's block keeps its cuts; the components' echelon rows are priced): at
 * least the cut bound. Beside them, native HiGHS 1.15.1's values from ../shared/benchmarks/native-highs for
 * the models without tool and labor-pool rows (so below this model's optimum).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from './stats';

const { values } = parseArgs({
  allowPositionals: true,
  options: {
    kinds: { type: 'string', default: 'food,paint,mixed' },
    sizes: { type: 'string', default: 'M,L' },
    tight: { type: 'string', default: '1.0' },
    seed: { type: 'string', default: '1' },
    limit: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '40' },
    'block-seconds': { type: 'string', default: '0' },
    repeats: { type: 'string', default: '3' },
  },
});
const repeats = Number(values.repeats);
if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`gap: --repeats must be a whole number of runs, at least 1 (got "${values.repeats}")`);
const here = fileURLToPath(new URL('.', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));
/** ../shared/benchmarks/native-highs/README.md: LP relaxation, best MIP bound (and its time), seed 1 tight 1.0. */
const NATIVE: Record<string, { lp: number; bound: number; seconds: number }> = {
  'food|M': { lp: 2_383_732, bound: 2_420_084, seconds: 120 },
  'mixed|L': { lp: 13_332_252, bound: 13_489_580, seconds: 300 },
};
const child = (script: string, args: string[]) => JSON.parse(execFileSync(process.execPath, ['--max-old-space-size=4096', tsx, `${here}${script}`, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 }));
const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
const money = (value: number) => `${(value / 1e6).toFixed(3)} M`;

console.log(`\nMaster Plans at ${values.limit} s (tight ${values.tight}, seed ${values.seed}) against the LP bound and the bound with ${values.rounds} rounds of lot-sizing cuts${Number(values['block-seconds']) > 0 ? `, and the Lagrangian bound at the LP's and at the cut LP's duals (${values['block-seconds']} s an item)` : ''}`);
console.log(`${'factory'.padEnd(9)} ${'plan'.padStart(10)} ${'no loop'.padStart(10)} ${'LP bound'.padStart(10)} ${'cut bound'.padStart(10)} ${'Lagrangian'.padStart(10)} ${'Lagr. cuts'.padStart(10)} ${'best'.padStart(10)} ${'raised'.padStart(7)} ${'cuts'.padStart(6)} ${'bound s'.padStart(8)} ${'above LP'.padStart(9)} ${'above best'.padStart(10)} ${'no loop'.padStart(8)}  native LP / MIP bound`);
const gaps: number[] = [];
const alone: number[] = [];
// What each loop plan pays beyond the plan without the loop (both the median runs), by cost.
const loopPrices: string[] = [];
for (const size of values.sizes.split(',')) {
  for (const kind of values.kinds.split(',')) {
    const runs = Array.from({ length: repeats }, () => child('planChild.ts', [kind, size, values.seed, values.tight, values.limit]));
    const plan = runs.find((run) => run.objective === median(runs.map((r) => r.objective)))!;
    const aloneRuns = Array.from({ length: repeats }, () => child('planChild.ts', [kind, size, values.seed, values.tight, values.limit, 'isolated', 'no-loop']));
    const withoutLoop = median(aloneRuns.map((run) => run.objective));
    loopPrices.push(`${kind} ${size}: ${loopPrice(plan.costs, aloneRuns.find((run) => run.objective === withoutLoop)!.costs)}`);
    const violations = [...runs, ...aloneRuns].reduce((sum, run) => sum + run.violations, 0);
    const bound = child('lpBoundChild.ts', [kind, size, values.seed, values.tight, '600', values.rounds, values['block-seconds']]);
    const best = Math.max(bound.bound ?? -Infinity, bound.strengthened ?? -Infinity, bound.lagrangian ?? -Infinity, bound.lagrangianCuts ?? -Infinity);
    const gap = (plan.objective - best) / best;
    gaps.push(gap);
    alone.push((withoutLoop - best) / best);
    const native = Number(values.seed) === 1 && Number(values.tight) === 1 ? NATIVE[`${kind}|${size}`] : undefined;
    console.log(
      `${`${kind} ${size}`.padEnd(9)} ${money(plan.objective).padStart(10)} ${money(withoutLoop).padStart(10)} ${money(bound.bound).padStart(10)} ${(bound.strengthened ? money(bound.strengthened) : '-').padStart(10)} ${(bound.lagrangian ? money(bound.lagrangian) : '-').padStart(10)} ${(bound.lagrangianCuts ? money(bound.lagrangianCuts) : '-').padStart(10)} ${money(best).padStart(10)} ${pct(best / bound.bound - 1).padStart(7)} ${String(bound.cuts).padStart(6)} ${bound.seconds.toFixed(1).padStart(8)} ${pct(plan.objective / bound.bound - 1).padStart(9)} ${pct(gap).padStart(10)} ${pct(alone.at(-1)!).padStart(8)}  ${native ? `${money(native.lp)} / ${money(native.bound)} (${native.seconds} s)` : '-'}${violations === 0 ? '' : `  ${violations} VIOLATIONS`}`,
    );
  }
}
console.log(`\nwhat the loop's plan pays beyond the plan without it (the median runs, thousands):\n  ${loopPrices.join('\n  ')}`);
console.log(`\nsummary: ${values.limit} s plans (median of ${repeats}) above the best bound by at most ${pct(Math.max(...gaps))}, median ${pct(median(gaps))}; without the loop at most ${pct(Math.max(...alone))}, median ${pct(median(alone))} (goal <= 3%)`);

/** The costs that differ by more than a thousand, largest first: `lateness +75.7, lost sales +14.8, ...`. */
function loopPrice(loop: Record<string, number>, without: Record<string, number>): string {
  const names: Record<string, string> = { holding: 'holding', safetyShortfall: 'below safety stock', lateness: 'lateness', lostSales: 'lost sales', setups: 'setups', slushyChanges: 'slushy changes', purchases: 'purchases', overtime: 'overtime' };
  const differences = Object.keys(names).map((key) => [names[key]!, (loop[key]! - without[key]!) / 1000] as const);
  const shown = differences.filter(([, value]) => Math.abs(value) >= 1).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
  return `${((loop.total! - without.total!) / 1000).toFixed(1)} in all${shown.length > 0 ? `: ${shown.map(([name, value]) => `${name} ${value > 0 ? '+' : ''}${value.toFixed(1)}`).join(', ')}` : ''}`;
}
