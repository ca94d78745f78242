/**
 * What the plant really does, estimated from the entries, against what the model assumes: run
 * minutes per unit of each routing step on each machine, each work center's efficiency, and the
 * scrap of each BOM line. A correction is proposed only where the evidence is enough:
 *   - at least 10 entries over at least 2 weeks, and
 *   - the observed median differs from the assumption by more than 5 % of it and by more than
 *     twice its robust standard error (1.4826 × MAD / √n): beyond the noise of the entries.
 * Entry times are the run, after the setup (the tablet prefills the planned run start); a run's
 * minutes are the working minutes of the machine's calendar between its start and end, so a
 * breakdown inside a run (cause `machine-breakdown`) lowers the observed efficiency as it should.
 */
import { pushTo } from '../../domain/collections';
import { horizonOf, weekOfDate } from '../../domain/buckets';
import { CompiledCalendar } from '../../domain/calendar';
import { effectiveEntries, localMinutes } from '../../domain/execution';
import type { ExecutionEntry, Factory } from '../../domain/types';

export const MIN_ENTRIES = 10;
export const MIN_WEEKS = 2;
export const MIN_RELATIVE_CHANGE = 0.05;

export type AssumptionKind = 'run-minutes' | 'efficiency' | 'scrap';

export interface Evidence {
  entries: number;
  weeks: number;
  median: number;
  /** Median absolute deviation, scaled to a standard deviation (× 1.4826). */
  spread: number;
}

export interface AssumptionCheck {
  /** Stable id: `run-minutes:ITEM:STEP:MACHINE`, `efficiency:RESOURCE`, `scrap:PARENT:COMPONENT`. */
  id: string;
  kind: AssumptionKind;
  label: string;
  assumed: number;
  observed: number;
  evidence: Evidence;
  /** A correction worth proposing; otherwise `why` says what is missing. */
  propose: boolean;
  why: string;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export function judge(samples: { value: number; week: number }[], assumed: number): Pick<AssumptionCheck, 'observed' | 'evidence' | 'propose' | 'why'> {
  const values = samples.map((sample) => sample.value);
  const observed = median(values);
  const spread = 1.4826 * median(values.map((value) => Math.abs(value - observed)));
  const weeks = new Set(samples.map((sample) => sample.week)).size;
  const evidence = { entries: samples.length, weeks, median: observed, spread };
  const difference = Math.abs(observed - assumed);
  const noise = 2 * (spread / Math.sqrt(Math.max(1, samples.length)));
  let why = '';
  if (samples.length < MIN_ENTRIES) why = `${samples.length} entries: at least ${MIN_ENTRIES} are needed`;
  else if (weeks < MIN_WEEKS) why = `entries of ${weeks} week: at least ${MIN_WEEKS} weeks are needed`;
  else if (difference <= MIN_RELATIVE_CHANGE * Math.abs(assumed)) why = `within ${MIN_RELATIVE_CHANGE * 100} % of the assumption`;
  else if (difference <= noise) why = `within the noise of the entries (±${noise.toPrecision(3)})`;
  return { observed, evidence, propose: why === '', why: why || `${samples.length} entries over ${weeks} weeks, ${((difference / Math.max(1e-9, Math.abs(assumed))) * 100).toFixed(0)} % from the assumption` };
}

export function checkAssumptions(factory: Factory, entries: readonly ExecutionEntry[]): AssumptionCheck[] {
  const horizon = horizonOf(factory.start, factory.horizonWeeks);
  const counting = effectiveEntries(entries).filter((entry) => entry.goodQty + entry.scrapQty > 0);
  const resourceOf = new Map(factory.resources.flatMap((resource) => resource.machines.map((machine) => [machine.id, resource] as const)));
  const calendars = new Map<string, CompiledCalendar>();
  const firstDay = Math.min(...counting.map((entry) => Math.floor(localMinutes(entry.start) / 1440)), horizon.startDay) - 1;
  const endDay = Math.max(...counting.map((entry) => Math.ceil(localMinutes(entry.end) / 1440)), horizon.startDay + 7 * horizon.weeks) + 2;
  const calendarOf = (id: string) => {
    let compiled = calendars.get(id);
    if (!compiled) calendars.set(id, (compiled = new CompiledCalendar(factory.calendars.find((calendar) => calendar.id === id)!, { firstDay, endDay })));
    return compiled;
  };
  const runSamples = new Map<string, { value: number; week: number }[]>();
  const efficiencySamples = new Map<string, { value: number; week: number; lost: number }[]>();
  const scrapSamples = new Map<string, { value: number; week: number }[]>();
  const routingOf = new Map(factory.routings.map((routing) => [routing.item, routing]));
  const lastStep = new Map(factory.routings.map((routing) => [routing.item, Math.max(...routing.steps.map((step) => step.step))]));
  const stepOf = (item: string, step: number) => routingOf.get(item)?.steps.find((candidate) => candidate.step === step);
  for (const entry of counting) {
    const resource = resourceOf.get(entry.machine);
    const step = stepOf(entry.item, entry.step);
    if (!resource || !step) continue;
    const machine = resource.machines.find((candidate) => candidate.id === entry.machine)!;
    const minutes = calendarOf(machine.calendar ?? resource.calendar).workingMinutesBetween(localMinutes(entry.start), localMinutes(entry.end));
    const units = entry.goodQty + entry.scrapQty;
    const week = weekOfDate(horizon, entry.start.slice(0, 10));
    const assumedRate = step.machines?.find((candidate) => candidate.machine === entry.machine)?.runMinutesPerUnit ?? step.runMinutesPerUnit;
    if (minutes > 0) {
      const key = `${entry.item}|${entry.step}|${entry.machine}`;
      pushTo(runSamples, key, { value: minutes / units, week });
      // Efficiency: the time a breakdown took out of a run (its minutes beyond standard); how fast runs go is the run minutes' affair.
      const standard = units * assumedRate;
      const lost = entry.cause?.code === 'machine-breakdown' ? Math.max(0, minutes - standard) : 0;
      pushTo(efficiencySamples, resource.id, { value: standard, week, lost });
    }
    if (lastStep.get(entry.item) === entry.step) pushTo(scrapSamples, entry.item, { value: (entry.scrapQty / units) * 100, week });
  }
  const checks: AssumptionCheck[] = [];
  for (const [key, samples] of runSamples) {
    const [item, stepText, machine] = key.split('|') as [string, string, string];
    const step = stepOf(item, Number(stepText))!;
    const assumed = step.machines?.find((candidate) => candidate.machine === machine)?.runMinutesPerUnit ?? step.runMinutesPerUnit;
    checks.push({ id: `run-minutes:${item}:${stepText}:${machine}`, kind: 'run-minutes', label: `${item} step ${stepText} on ${machine}: run minutes per unit`, assumed, ...judge(samples, assumed) });
  }
  for (const [resourceId, samples] of efficiencySamples) {
    const resource = factory.resources.find((candidate) => candidate.id === resourceId)!;
    // Pooled, not a median: breakdowns are rare and long, and a median would hide them.
    const standard = samples.reduce((sum, sample) => sum + sample.value, 0);
    const lost = samples.reduce((sum, sample) => sum + sample.lost, 0);
    const observed = resource.efficiency * (standard / Math.max(1e-9, standard + lost));
    const verdict = judge(samples.map((sample) => ({ value: observed, week: sample.week })), resource.efficiency);
    checks.push({ id: `efficiency:${resourceId}`, kind: 'efficiency', label: `${resource.name}: efficiency (breakdowns ${Math.round(lost)} of ${Math.round(standard + lost)} run minutes)`, assumed: resource.efficiency, ...verdict });
  }
  for (const line of factory.boms) {
    const samples = scrapSamples.get(line.parent);
    if (!samples) continue;
    const assumed = line.scrapPct ?? 0;
    const verdict = judge(samples, assumed);
    // A scrap rate of 0 has no relative tolerance: a change below half a point is not worth one.
    if (verdict.propose && Math.abs(verdict.observed - assumed) < 0.5) Object.assign(verdict, { propose: false, why: 'less than half a percentage point from the assumption' });
    checks.push({ id: `scrap:${line.parent}:${line.component}`, kind: 'scrap', label: `${line.parent} → ${line.component}: scrap %`, assumed, ...verdict });
  }
  return checks.sort((a, b) => Number(b.propose) - Number(a.propose) || a.id.localeCompare(b.id));
}

export interface FactoryChange {
  path: string;
  from: number;
  to: number;
}

/** A new factory with the accepted corrections (the given one untouched), and the difference. */
export function applyCorrections(factory: Factory, accepted: readonly AssumptionCheck[]): { factory: Factory; changes: FactoryChange[] } {
  const next = structuredClone(factory);
  const changes: FactoryChange[] = [];
  const round = (value: number) => Math.round(value * 1000) / 1000;
  for (const check of accepted) {
    const to = round(check.observed);
    if (check.kind === 'run-minutes') {
      const [, item, stepText, machine] = check.id.split(':');
      const routingIndex = next.routings.findIndex((routing) => routing.item === item);
      const stepIndex = next.routings[routingIndex]!.steps.findIndex((step) => step.step === Number(stepText));
      const step = next.routings[routingIndex]!.steps[stepIndex]!;
      const own = step.machines?.findIndex((candidate) => candidate.machine === machine) ?? -1;
      if (own >= 0) {
        changes.push({ path: `routings[${routingIndex}].steps[${stepIndex}].machines[${own}].runMinutesPerUnit`, from: step.machines![own]!.runMinutesPerUnit, to });
        step.machines![own]!.runMinutesPerUnit = to;
      } else {
        changes.push({ path: `routings[${routingIndex}].steps[${stepIndex}].runMinutesPerUnit`, from: step.runMinutesPerUnit, to });
        step.runMinutesPerUnit = to;
      }
    } else if (check.kind === 'efficiency') {
      const index = next.resources.findIndex((resource) => resource.id === check.id.slice('efficiency:'.length));
      const value = Math.min(1, Math.max(0.05, to));
      changes.push({ path: `resources[${index}].efficiency`, from: next.resources[index]!.efficiency, to: value });
      next.resources[index]!.efficiency = value;
    } else {
      const [, parent, component] = check.id.split(':');
      const index = next.boms.findIndex((line) => line.parent === parent && line.component === component);
      const value = Math.min(100, Math.max(0, to));
      changes.push({ path: `boms[${index}].scrapPct`, from: next.boms[index]!.scrapPct ?? 0, to: value });
      next.boms[index]!.scrapPct = value;
    }
  }
  return { factory: next, changes };
}
