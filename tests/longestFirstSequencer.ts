/**
 * Test files in one pool, the longest first (tests/durations.json, written by
 * scripts/testDurations.ts), so that the two cores of CI end together. Vitest's own order runs
 * each project in turn and, on a clean clone with no cache, the larger files first: on 2026-11-28
 * the unit project's longest file (masterPlanDemo, 120 s) started at 353 s and ran alone for its
 * last 65 s, and the browser files, one at a time after everything, another 133 s (`npx vitest
 * run`, 614 s in all, 926 s of files). Longest first, the same run took 565 s (901 s of files; the
 * browser files still one at a time at the end, vite.config.ts says why). Files the list does not
 * know start first, as Vitest's do.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const durations = JSON.parse(readFileSync(new URL('./durations.json', import.meta.url), 'utf8')) as Record<string, number>;

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const seconds = (file: TestSpecification) => durations[relative(root, file.moduleId)] ?? Infinity;
    return [...files].sort((a, b) => seconds(b) - seconds(a) || (a.moduleId < b.moduleId ? -1 : a.moduleId > b.moduleId ? 1 : 0));
  }
}
