/** `ponte`: the engine on the command line. Exit codes: 0 success, 1 refused input, 2 usage. */
import { demoCommand, demoUsage } from './commands/demo';
import { planCommand, planUsage } from './commands/plan';
import { roughcutCommand, roughcutUsage } from './commands/roughcut';
import { chainCommand, chainUsage, scheduleCommand, scheduleUsage } from './commands/schedule';
import { serveCommand, serveUsage } from './commands/serve';
import { publishCommand, publishUsage } from './commands/publish';
import { adherenceCommand, adherenceUsage } from './commands/adherence';
import { rollCommand, rollUsage } from './commands/roll';
import { reconcileCommand, reconcileUsage } from './commands/reconcile';
import { assumptionsCommand, assumptionsUsage } from './commands/assumptions';
import { validateCommand, validateUsage } from './commands/validate';
import { RefusedInput } from './documents';
import { UsageError, writeAll } from './io';

const COMMANDS: Record<string, { run: (args: string[]) => Promise<number>; usage: string }> = {
  demo: { run: demoCommand, usage: demoUsage },
  validate: { run: validateCommand, usage: validateUsage },
  roughcut: { run: roughcutCommand, usage: roughcutUsage },
  plan: { run: planCommand, usage: planUsage },
  schedule: { run: scheduleCommand, usage: scheduleUsage },
  chain: { run: chainCommand, usage: chainUsage },
  serve: { run: serveCommand, usage: serveUsage },
  publish: { run: publishCommand, usage: publishUsage },
  adherence: { run: adherenceCommand, usage: adherenceUsage },
  roll: { run: rollCommand, usage: rollUsage },
  reconcile: { run: reconcileCommand, usage: reconcileUsage },
  assumptions: { run: assumptionsCommand, usage: assumptionsUsage },
};

const HELP = `ponte — plan to execution for manufacturers

Usage:
${Object.values(COMMANDS).map((command) => `  ${command.usage}`).join('\n')}
`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    await writeAll(process.stdout, HELP);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    await writeAll(process.stderr, `ponte: unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof RefusedInput) {
      await writeAll(process.stderr, `ponte ${name}: ${error.message}\n`);
      return 1;
    }
    // parseArgs reports unknown or malformed options with a code of its own.
    const isUsage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const message = error instanceof Error ? error.message : String(error);
    await writeAll(process.stderr, `ponte ${name}: ${message}\n${isUsage ? `usage: ${command.usage}\n` : ''}`);
    return isUsage ? 2 : 1;
  }
}
