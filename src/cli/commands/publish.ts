import { parseArgs } from 'node:util';
import { readFactoryFile, readPlanFile, readScheduleFile } from '../documents';
import { readInput, UsageError, writeAll } from '../io';

export const publishUsage = 'ponte publish FACTORY.json --plan plan.json [--schedule schedule.json] --server https://ponte.plant.lan --token-file FILE';

/** Sends the approved plan, its factory and schedule to the site server, for the tablets. */
export async function publishCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { plan: { type: 'string' }, schedule: { type: 'string' }, server: { type: 'string' }, 'token-file': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1 || !values.plan || !values.server) throw new UsageError(`publish takes a factory file, --plan and --server: ${publishUsage}`);
  // The token from a file or the environment, never from the command line (shell history, ps).
  const token = (values['token-file'] ? await readInput(values['token-file']) : (process.env.PONTE_TOKEN ?? '')).trim();
  if (!token) throw new UsageError('give the planner device token with --token-file FILE or PONTE_TOKEN');
  const factory = await readFactoryFile(positionals[0]!);
  const plan = await readPlanFile(values.plan);
  const schedule = values.schedule ? await readScheduleFile(values.schedule) : null;
  const base = values.server.replace(/\/+$/, '');
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const me = await fetch(`${base}/api/v1/me`, { headers });
  const meBody = (await me.json().catch(() => ({}))) as { device?: { site: string; name: string; role: string }; error?: string };
  if (!me.ok || !meBody.device) throw new Error(`the server refused the token: ${meBody.error ?? `HTTP ${me.status}`}`);
  const site = meBody.device.site;
  const response = await fetch(`${base}/api/v1/sites/${encodeURIComponent(site)}/plan`, { method: 'PUT', headers, body: JSON.stringify({ factory, plan, schedule }) });
  const body = (await response.json().catch(() => ({}))) as { version?: number; error?: string; errors?: { path: string; message: string }[] };
  if (!response.ok) throw new Error(`not published: ${body.error ?? `HTTP ${response.status}`}${body.errors ? `\n${body.errors.map((error) => `  ${error.path}: ${error.message}`).join('\n')}` : ''}`);
  await writeAll(process.stderr, `published to site ${site} as version ${body.version}${schedule ? ` with ${schedule.operations.length} scheduled operations` : ' (no schedule: tablets will wait for one)'}\n`);
  return 0;
}
