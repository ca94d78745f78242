/**
 * `npx vitest run --reporter=json --outputFile=FILE && npx tsx scripts/testDurations.ts FILE`:
 * writes tests/durations.json, each test file's measured seconds, which the sequencer
 * (tests/longestFirstSequencer.ts) starts the longest first from. Run it again when a file's
 * time changes by much; a file it does not list starts first, so it is never left for the end.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

const report = process.argv[2];
if (!report) throw new Error('testDurations: give the JSON report of a vitest run (vitest run --reporter=json --outputFile=FILE)');
interface FileResult {
  name: string;
  startTime: number;
  endTime: number;
}
const parsed = JSON.parse(readFileSync(report, 'utf8')) as { testResults?: FileResult[] };
if (!Array.isArray(parsed.testResults)) throw new Error(`testDurations: ${report} has no testResults; is it vitest's JSON report?`);
const root = resolve('.');
const seconds = Object.fromEntries(
  parsed.testResults
    .map((file) => [relative(root, file.name), Math.round((file.endTime - file.startTime) / 100) / 10] as const)
    .sort(([a], [b]) => (a < b ? -1 : 1)),
);
writeFileSync('tests/durations.json', `${JSON.stringify(seconds, null, 2)}\n`);
console.log(`tests/durations.json: ${Object.keys(seconds).length} files, ${Object.values(seconds).reduce((sum, s) => sum + s, 0).toFixed(0)} s in all`);
