/** `npm run bench -- mps|aps|timelimit|sync|roll|bridge|frozen|service|workspace|xl|gap [options]`: each suite prints its tables and a closing summary line. */
const suites: Record<string, () => Promise<unknown>> = {
  mps: () => import('./mps'),
  aps: () => import('./aps'),
  timelimit: () => import('./timeLimit'),
  sync: () => import('./sync'),
  roll: () => import('./roll'),
  bridge: () => import('./bridge'),
  frozen: () => import('./frozen'),
  service: () => import('./service'),
  workspace: () => import('./workspace'),
  xl: () => import('./xl'),
  gap: () => import('./gap'),
};
const suite = process.argv[2] ?? 'mps';
if (!suites[suite]) {
  console.error(`unknown bench suite "${suite}": npm run bench -- ${Object.keys(suites).join('|')}`);
  process.exit(2);
}
await suites[suite]!();
export {};
