import { describe, expect, it } from 'vitest';
import type { ExecutionEntry } from '../../src/domain/types';
import { applyCorrections, checkAssumptions } from '../../src/engine/adherence/assumptions';
import { tinyFactory } from '../helpers/tinyFactory';

/** Runs of FG on M1 (1 minute a unit assumed), `minutes` long for 100 units, on working days from 2026-11-30. */
function runs(count: number, minutes: (index: number) => number, { days = [0, 1, 2, 3, 4, 7, 8, 9, 10, 11], scrap = 0, cause }: { days?: number[]; scrap?: number; cause?: ExecutionEntry['cause'] } = {}): ExecutionEntry[] {
  return Array.from({ length: count }, (_, index) => {
    const day = new Date(Date.UTC(2026, 10, 30 + days[index % days.length]!));
    const date = day.toISOString().slice(0, 10);
    const end = 8 * 60 + minutes(index);
    return {
      id: `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`,
      site: 's',
      device: 'd',
      operation: `op-${index}`,
      order: `lot-${index}`,
      item: 'FG',
      step: 10,
      machine: 'M1',
      start: `${date}T08:00`,
      end: `${date}T${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`,
      goodQty: 100 - scrap,
      scrapQty: scrap,
      recordedAt: `${date}T17:00:00Z`,
      ...(cause ? { cause } : {}),
    };
  });
}

const find = (checks: ReturnType<typeof checkAssumptions>, id: string) => checks.find((check) => check.id === id)!;

describe('corrected assumptions from the entries', () => {
  it('proposes a run rate the entries clearly show, and applying it writes a new factory with the difference', () => {
    const factory = tinyFactory();
    const checks = checkAssumptions(factory, runs(12, (index) => 128 + (index % 3)));
    const rate = find(checks, 'run-minutes:FG:10:M1');
    expect(rate).toMatchObject({ assumed: 1, propose: true, evidence: { entries: 12, weeks: 2 } });
    expect(rate.observed).toBeCloseTo(1.29, 2);
    const { factory: corrected, changes } = applyCorrections(factory, [rate]);
    expect(changes).toEqual([{ path: 'routings[0].steps[0].runMinutesPerUnit', from: 1, to: 1.29 }]);
    expect(corrected.routings[0]!.steps[0]!.runMinutesPerUnit).toBe(1.29);
    expect(factory.routings[0]!.steps[0]!.runMinutesPerUnit).toBe(1);
  });

  it('refuses thin evidence: too few entries, a single week, or a difference inside the noise', () => {
    const factory = tinyFactory();
    expect(find(checkAssumptions(factory, runs(9, () => 130)), 'run-minutes:FG:10:M1')).toMatchObject({ propose: false, why: '9 entries: at least 10 are needed' });
    expect(find(checkAssumptions(factory, runs(12, () => 130, { days: [0, 1, 2, 3, 4] })), 'run-minutes:FG:10:M1')).toMatchObject({ propose: false, why: 'entries of 1 week: at least 2 weeks are needed' });
    expect(find(checkAssumptions(factory, runs(12, () => 103)), 'run-minutes:FG:10:M1')).toMatchObject({ propose: false, why: 'within 5 % of the assumption' });
    // 8 % slower on the median, but runs scattered from 60 to 160 minutes: not beyond the noise.
    const scattered = [60, 160, 70, 150, 108, 80, 140, 108, 108, 90, 130, 108];
    expect(find(checkAssumptions(factory, runs(12, (index) => scattered[index]!)), 'run-minutes:FG:10:M1').why).toMatch(/^within the noise of the entries/);
  });

  it('measures scrap on the BOM lines below the item, and breakdowns in the work center efficiency', () => {
    const factory = tinyFactory();
    const scrap = find(checkAssumptions(factory, runs(12, () => 100, { scrap: 6 })), 'scrap:FG:RM');
    expect(scrap).toMatchObject({ assumed: 0, observed: 6, propose: true });
    const broken = [...runs(10, () => 100), ...runs(2, () => 400, { days: [2, 9], cause: { category: 'execution', code: 'machine-breakdown' } }).map((entry, index) => ({ ...entry, id: `10000000-0000-4000-8000-${String(index).padStart(12, '0')}` }))];
    const efficiency = find(checkAssumptions(factory, broken), 'efficiency:WC');
    // 1,200 standard minutes, 600 lost to the two breakdowns.
    expect(efficiency.observed).toBeCloseTo(1200 / 1800, 6);
    expect(efficiency.propose).toBe(true);
    expect(applyCorrections(factory, [efficiency]).changes).toEqual([{ path: 'resources[0].efficiency', from: 1, to: 0.667 }]);
  });
});
