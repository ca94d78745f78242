/** The M factory's LP relaxation with javascript-lp-solver, a pure-JavaScript simplex. Prints JSON. */
import solver from 'javascript-lp-solver';
import { generateDemoFactory } from '../../src/demo/generator';
import { buildPlanModel } from '../../src/engine/masterPlan/index';

const model = buildPlanModel(generateDemoFactory({ kind: 'mixed', size: 'M', seed: 1, tight: 1 })).model;
const constraints: Record<string, { min?: number; max?: number; equal?: number }> = {};
const variables: Record<string, Record<string, number>> = {};
for (let col = 0; col < model.numCols; col++) {
  variables[`c${col}`] = { cost: model.colCost[col]! };
  if (Number.isFinite(model.colUpper[col]!)) {
    constraints[`u${col}`] = { max: model.colUpper[col]! };
    variables[`c${col}`]![`u${col}`] = 1;
  }
  if (model.colLower[col]! > 0) {
    constraints[`l${col}`] = { min: model.colLower[col]! };
    variables[`c${col}`]![`l${col}`] = 1;
  }
}
for (let row = 0; row < model.numRows; row++) {
  const lower = model.rowLower[row]!;
  const upper = model.rowUpper[row]!;
  constraints[`r${row}`] = lower === upper ? { equal: lower } : { ...(Number.isFinite(lower) ? { min: lower } : {}), ...(Number.isFinite(upper) ? { max: upper } : {}) };
  for (let k = model.rowStarts[row]!; k < model.rowStarts[row + 1]!; k++) variables[`c${model.entryCols[k]}`]![`r${row}`] = model.entryValues[k]!;
}
const started = performance.now();
const result = solver.Solve({ optimize: 'cost', opType: 'min', constraints, variables }) as { feasible: boolean; result: number };
process.stdout.write(JSON.stringify({ seconds: (performance.now() - started) / 1000, feasible: result.feasible, objective: result.result + model.objectiveOffset, columns: model.numCols, rows: model.numRows }));
