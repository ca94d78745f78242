/**
 * `npm run bench -- mps [options]`: the Master Plan measured, printed as tables and a closing
 * summary line. Not a test: figures only, medians of several runs where the machine's noise matters.
 *   --clsp-limit S      seconds per Trigeiro instance (10)
 *   --clsp-count N      the first N instances of bounds.csv (all 180)
 *   --repeats N         runs per demo factory, the median reported (3)
 *   --skip clsp,demo,js parts to leave out
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createHighsSolver } from '../../src/solver/highs';
import { generateDemoFactory } from '../../src/demo/generator';
import { buildPlanModel } from '../../src/engine/masterPlan/index';
import { buildClspModel, parseTrigeiro, relaxAndFixStart } from './trigeiro';
import { median } from './stats';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    'clsp-limit': { type: 'string', default: '10' },
    'clsp-count': { type: 'string', default: '180' },
    repeats: { type: 'string', default: '3' },
    skip: { type: 'string', default: '' },
  },
});
void positionals;
const skip = new Set(values.skip.split(',').filter(Boolean));
const here = fileURLToPath(new URL('.', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));
const pct = (value: number) => `${(value * 100).toFixed(2)}%`;
const pad = (text: string | number, width: number) => String(text).padStart(width);
const summary: string[] = [];

// ---- 1. Trigeiro CLSP instances ----------------------------------------------------------------
if (!skip.has('clsp')) {
  const folder = fileURLToPath(new URL('../../../shared/benchmarks/clsp-trigeiro/', import.meta.url));
  if (!existsSync(`${folder}bounds.csv`)) console.log(`(no benchmark instances at ${folder})`);
  else {
    const solver = await createHighsSolver();
    const limit = Number(values['clsp-limit']);
    const rows = readFileSync(`${folder}bounds.csv`, 'utf8').trim().split('\n').slice(1).slice(0, Number(values['clsp-count']));
    console.log(`\nCapacitated lot sizing, Trigeiro et al. (1989): ${rows.length} instances, ${limit} s each, facility-location model on ${solver.name}, started from a relax-and-fix plan`);
    console.log(`${'instance'.padEnd(9)} ${pad('n', 3)} ${pad('T', 3)} ${pad('ours', 10)} ${pad('best', 10)} ${pad('bound', 10)} ${pad('vs best', 8)} ${pad('vs bound', 9)} ${pad('seconds', 8)}`);
    const gaps: number[] = [];
    const boundGaps: number[] = [];
    let beats = 0;
    let within1 = 0;
    for (const row of rows) {
      const [name, upper, lower] = row.split(',');
      const instance = parseTrigeiro(name!, readFileSync(`${folder}${name}`, 'utf8'));
      const started = performance.now();
      const model = buildClspModel(instance);
      // Up to half the time for a relax-and-fix plan to start from (easy instances take
      // milliseconds), the rest for the full MIP.
      const start = relaxAndFixStart(instance, model, solver, limit / 2);
      const solved = solver.solveNow(model, { timeLimitSeconds: limit - (performance.now() - started) / 1000, mipRelGap: 1e-4, ...(start ? { start } : {}) });
      // The start stands if the MIP returns nothing better (or nothing at all).
      const objective = solved.hasSolution ? solved.objective : start ? model.objectiveOf(start) : NaN;
      const result = { objective, seconds: (performance.now() - started) / 1000 };
      const best = Number(upper);
      const bound = Number(lower);
      const gap = (result.objective - best) / best;
      const boundGap = (result.objective - bound) / result.objective;
      gaps.push(gap);
      boundGaps.push(boundGap);
      if (result.objective < best - 1e-6) beats++;
      if (gap <= 0.01) within1++;
      console.log(`${name!.padEnd(9)} ${pad(instance.items, 3)} ${pad(instance.periods, 3)} ${pad(result.objective.toFixed(1), 10)} ${pad(best.toFixed(1), 10)} ${pad(bound.toFixed(1), 10)} ${pad(pct(gap), 8)} ${pad(pct(boundGap), 9)} ${pad(result.seconds.toFixed(2), 8)}`);
    }
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    console.log(`mean gap to best known ${pct(mean)}, worst ${pct(Math.max(...gaps))}; mean gap to the reference bound ${pct(boundGaps.reduce((a, b) => a + b, 0) / boundGaps.length)}; ${beats} better than the reference solution, ${within1}/${gaps.length} within 1%`);
    summary.push(`CLSP mean gap ${pct(mean)} (goal ≤ 1%), worst ${pct(Math.max(...gaps))}, ${beats}/${gaps.length} beat the reference`);
  }
}

// ---- 2. Demo factories -----------------------------------------------------------------------------
if (!skip.has('demo')) {
  const repeats = Number(values.repeats);
  const goals: Record<string, number> = { S: 2, M: 2, L: 10, XL: 60 };
  console.log(`\nDemo factories (mixed), time limit = the goal, median of ${repeats} runs, each in its own process`);
  console.log(`${'size'.padEnd(5)} ${pad('tight', 5)} ${'strategy'.padEnd(12)} ${pad('variables', 9)} ${pad('rows', 8)} ${pad('build s', 8)} ${pad('total s', 8)} ${pad('gap', 8)} ${pad('served', 7)} ${pad('peak MiB', 9)} self-check`);
  const verdicts: string[] = [];
  for (const size of ['S', 'M', 'L', 'XL']) {
    for (const tight of [1, 1.2]) {
      const runs = Array.from({ length: repeats }, () =>
        JSON.parse(execFileSync(process.execPath, [tsx, `${here}planChild.ts`, 'mixed', size, '1', String(tight), String(goals[size])], { encoding: 'utf8', maxBuffer: 1 << 26 })),
      );
      const m = (key: string) => median(runs.map((run) => Number(run[key])));
      const gap = runs[0].gap === null ? 'n/a' : pct(m('gap'));
      const violations = Math.max(...runs.map((run) => run.violations));
      const seconds = m('seconds') + m('buildSeconds') * 0;
      console.log(`${size.padEnd(5)} ${pad(tight.toFixed(1), 5)} ${String(runs[0].strategy).padEnd(12)} ${pad(runs[0].variables, 9)} ${pad(runs[0].constraints, 8)} ${pad(m('buildSeconds').toFixed(2), 8)} ${pad(seconds.toFixed(2), 8)} ${pad(gap, 8)} ${pad(pct(m('served')), 7)} ${pad(m('peakMiB').toFixed(0), 9)} ${violations === 0 ? 'holds' : `${violations} violations`}`);
      verdicts.push(`${size}@${tight}: ${seconds.toFixed(1)} s${violations === 0 ? '' : ' INFEASIBLE'}`);
    }
  }
  summary.push(`demo plans ${verdicts.join(', ')}`);
}

// ---- 3. A pure-JavaScript LP solver on the M factory's relaxation --------------------------------
if (!skip.has('js')) {
  const highs = await createHighsSolver();
  const model = buildPlanModel(generateDemoFactory({ kind: 'mixed', size: 'M', seed: 1, tight: 1 })).model;
  const highsSeconds = median(Array.from({ length: 3 }, () => highs.solveNow(model, { relax: true }).seconds));
  const highsObjective = highs.solveNow(model, { relax: true }).objective;
  console.log(`\nLP relaxation of the M factory (${model.numCols} columns, ${model.numRows} rows)`);
  let ratio: string;
  try {
    const js = JSON.parse(execFileSync(process.execPath, [tsx, `${here}jsLpChild.ts`], { encoding: 'utf8', timeout: 600_000, maxBuffer: 1 << 26 }));
    ratio = `${(js.seconds / highsSeconds).toFixed(1)}×`;
    console.log(`HiGHS (WebAssembly) ${highsSeconds.toFixed(3)} s, objective ${highsObjective.toFixed(2)}; javascript-lp-solver ${js.seconds.toFixed(3)} s, objective ${Number(js.objective).toFixed(2)}${js.feasible ? '' : ' (reported infeasible)'}: ${ratio} slower`);
  } catch (error) {
    ratio = `> ${(600 / highsSeconds).toFixed(0)}×`;
    console.log(`HiGHS (WebAssembly) ${highsSeconds.toFixed(3)} s; javascript-lp-solver did not finish in 600 s (${(error as Error).message.split('\n')[0]}): ${ratio} slower`);
  }
  summary.push(`pure-JS LP ${ratio} HiGHS's time`);
}

console.log(`\nsummary: ${summary.join('; ')}`);
