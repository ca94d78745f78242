/** Plan adherence from execution entries: what the approved plan asked for against what ran, and why not. */
import { toleranceOf } from '../../domain/execution';
import type { ExecutionEntry, Factory, Plan, Schedule } from '../../domain/types';
import { causesOf, type Causes } from './causes';
import { executedOf } from './executed';
import { planAdherence, type PlanAdherence } from './planAdherence';
import { scheduleAdherence, type ScheduleAdherence } from './scheduleAdherence';

export interface AdherenceReport {
  weeksCovered: number;
  plan: PlanAdherence;
  schedule: ScheduleAdherence | undefined;
  causes: Causes;
  entries: number;
}

export function adherenceReport(factory: Factory, plan: Plan, schedule: Schedule | undefined, entries: readonly ExecutionEntry[], asOf?: string): AdherenceReport {
  const executed = executedOf(factory, entries, asOf, schedule);
  return {
    weeksCovered: executed.weeksCovered,
    plan: planAdherence(factory, plan, executed),
    schedule: schedule ? scheduleAdherence(schedule, executed.entries, toleranceOf(factory), asOf) : undefined,
    causes: causesOf(factory, schedule, executed.entries),
    entries: executed.entries.length,
  };
}

/** The report as `ponte adherence --json` writes it: `planAdherence`, `byWeek`, `byResource`, `causes` and the rest. */
export function adherenceJson(report: AdherenceReport) {
  const { plan, schedule, causes } = report;
  return {
    planAdherence: plan.total.planAdherence,
    volumeAdherence: plan.total.volumeAdherence,
    mixAdherence: plan.total.mixAdherence,
    planned: plan.total.planned,
    executed: plan.total.executed,
    unplanned: plan.total.unplanned,
    weeksCovered: report.weeksCovered,
    entries: report.entries,
    byWeek: plan.byWeek,
    byResource: plan.byResource,
    byFamily: plan.byFamily,
    itemWeeks: plan.itemWeeks,
    scheduleAdherence: schedule ? { share: schedule.total.share, operations: schedule.total.operations, adhering: schedule.total.adhering, byMachine: schedule.byMachine, byDay: schedule.byDay, byShift: schedule.byShift } : null,
    causes: causes.pareto.map(({ category, code, count, qty, share, cumulative }) => ({ category, code, count, qty, share, cumulative })),
    causesByResource: causes.byResource,
    causesByWeek: causes.byWeek,
  };
}
