/**
 * The LP relaxation of a demo factory's Master Plan model, solved by the WebAssembly HiGHS in this
 * process: a valid lower bound on any plan's objective. Prints JSON. Arguments: KIND SIZE SEED
 * TIGHT [TIME_LIMIT] [CUT_ROUNDS] [BLOCK_SECONDS]. With CUT_ROUNDS > 0, also the bound strengthened
 * by the end items' lot-sizing inequalities (masterPlan/bound.ts), each round warm from the last
 * basis. With BLOCK_SECONDS > 0, also the Lagrangian bound at the LP's duals (masterPlan/lagrangian.ts),
 * each item's MIP given that long, and, with cut rounds too, at the duals of the LP with every cut
 * (each end item's block keeps its cut rows): at least the cut bound. On XL the plain LP needs about 80 s and 1.8 GiB (the reason the
 * XL plan does without it), and the rows of a cut round no longer fit the WebAssembly heap's 2 GiB;
 * the Lagrangian bound needs only the LP's duals.
 */
import { generateDemoFactory, type DemoKind, type DemoSize } from '../../src/demo/generator';
import { strengthenedBound, type StrengthenedBound } from '../../src/engine/masterPlan/bound';
import { lagrangianBound, type LagrangianBound } from '../../src/engine/masterPlan/lagrangian';
import { PlanningContext } from '../../src/engine/masterPlan/context';
import { buildMasterPlanModel } from '../../src/engine/masterPlan/model';
import { createHighsSolver } from '../../src/solver/highs';

const [kind, size, seed, tight, timeLimit = '600', cutRounds = '0', blockSeconds = '0'] = process.argv.slice(2);
const context = new PlanningContext(generateDemoFactory({ kind: kind as DemoKind, size: size as DemoSize, seed: Number(seed), tight: Number(tight) }));
const planModel = buildMasterPlanModel(context);
const solver = await createHighsSolver();
const started = performance.now();
const columns = planModel.model.numCols;
const rows = planModel.model.numRows;
// The Lagrangian bound first, from the LP of the model as built (the cut rounds add rows to it).
let lagrangian: LagrangianBound | undefined;
let plainLp: number | undefined;
let plainLpSeconds: number | undefined;
if (Number(blockSeconds) > 0) {
  const relaxation = await solver.solve(planModel.model, { relax: true, timeLimitSeconds: Number(timeLimit) });
  if (relaxation.status === 'optimal') {
    plainLp = relaxation.objective;
    plainLpSeconds = relaxation.seconds;
    lagrangian = await lagrangianBound(planModel, solver, relaxation.rowDuals!, { blockTimeLimitSeconds: Number(blockSeconds) });
  }
}
// Where the Lagrangian bound has solved the LP and no cuts are asked for, it is not solved again (XL: 80 s).
const result: StrengthenedBound = plainLp !== undefined && Number(cutRounds) === 0 ? { relaxation: plainLp, bound: plainLp, rounds: [] } : await strengthenedBound(planModel, solver, { rounds: Number(cutRounds), timeLimitSeconds: Number(timeLimit) });
// The Lagrangian bound again at the duals of the LP with every cut: at least the cut bound, as each
// end item's block keeps its own cut rows and the components' echelon rows are priced.
const withCuts = Number(blockSeconds) > 0 && result.rowDuals ? await lagrangianBound(planModel, solver, result.rowDuals, { blockTimeLimitSeconds: Number(blockSeconds) }) : undefined;
process.stdout.write(
  JSON.stringify({
    lagrangianCuts: withCuts?.bound ?? null,
    lagrangianCutsSeconds: withCuts?.seconds ?? null,
    lagrangianCutsUnfinished: withCuts?.unfinished ?? null,
    bound: result.relaxation ?? null,
    lagrangian: lagrangian?.bound ?? null,
    lagrangianSeconds: lagrangian?.seconds ?? null,
    lagrangianUnfinished: lagrangian?.unfinished ?? null,
    lagrangianBlocks: lagrangian?.blocks ?? null,
    strengthened: Number(cutRounds) > 0 ? (result.bound ?? null) : null,
    cuts: result.rounds.reduce((sum, round) => sum + round.cuts, 0),
    rounds: result.rounds.length,
    lpSeconds: plainLpSeconds ?? result.rounds[0]?.seconds ?? null,
    columns,
    rows,
    seconds: (performance.now() - started) / 1000,
    peakMiB: process.resourceUsage().maxRSS / 1024,
  }),
);
process.exit(0);
