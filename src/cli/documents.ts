/**
 * Reading the documents the commands take (factory, plan, schedule, entries): each checked with
 * the domain's schemas; a refused one throws a RefusedInput that lists what is wrong and where.
 */
import * as v from 'valibot';
import { validateExecutionFile } from '../domain/execution';
import { planSchema, scheduleSchema } from '../domain/schema';
import type { ExecutionEntry, Factory, Plan, Schedule } from '../domain/types';
import { formatPath, parseJson, validateFactoryText, type ValidationError } from '../domain/validate';
import { readInput } from './io';

/** Input that was read but refused: exit code 1 with the errors. */
export class RefusedInput extends Error {
  constructor(
    readonly what: string,
    readonly errors: ValidationError[],
  ) {
    super(`invalid ${what}: ${errors.length} error(s)\n${errors.slice(0, 30).map((error) => `  ${error.path || '(document)'}: ${error.message}`).join('\n')}${errors.length > 30 ? `\n  … and ${errors.length - 30} more` : ''}`);
  }
}

export async function readFactoryFile(path: string): Promise<Factory> {
  const validation = validateFactoryText(await readInput(path));
  if (!validation.ok) throw new RefusedInput(`factory ${path}`, validation.errors);
  return validation.factory;
}

async function readShaped<T>(path: string, what: string, schema: v.GenericSchema): Promise<T> {
  const parsed = parseJson(await readInput(path));
  if (!parsed.ok) throw new RefusedInput(`${what} ${path}`, parsed.errors);
  const check = v.safeParse(schema, parsed.value, { abortEarly: false });
  if (!check.success) throw new RefusedInput(`${what} ${path}`, check.issues.map((issue) => ({ path: formatPath((issue.path ?? []).map((item) => item.key as string | number)), message: issue.message })));
  return parsed.value as T;
}

export const readPlanFile = (path: string) => readShaped<Plan>(path, 'plan', planSchema);
export const readScheduleFile = (path: string) => readShaped<Schedule>(path, 'schedule', scheduleSchema);

/** A `ponte.execution/1` file, each entry checked against the factory when one is given. */
export async function readEntriesFile(path: string, factory?: Factory): Promise<ExecutionEntry[]> {
  const check = validateExecutionFile(await readInput(path), factory);
  if (!check.ok) throw new RefusedInput(`entries ${path}`, check.errors);
  return check.entries;
}
