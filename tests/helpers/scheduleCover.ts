import { expect } from 'vitest';
import type { Plan, Schedule } from '../../src/domain/types';

/** The schedule's lots add up, per item and step, to the plan's production of week 0. */
export function checkScheduleAgainstPlan(plan: Plan, schedule: Schedule): void {
  const planned = new Map<string, number>();
  for (const line of plan.production) if (line.week === 0 && line.qty > 0) planned.set(line.item, (planned.get(line.item) ?? 0) + line.qty);
  const lastStep = new Map<string, number>();
  for (const operation of schedule.operations) lastStep.set(operation.item, Math.max(lastStep.get(operation.item) ?? -Infinity, operation.step));
  const made = new Map<string, number>();
  for (const operation of schedule.operations) if (operation.step === lastStep.get(operation.item)) made.set(operation.item, (made.get(operation.item) ?? 0) + operation.qty);
  for (const [item, qty] of planned) expect(made.get(item) ?? 0).toBeCloseTo(qty, 6);
}
