import { describe, expect, it } from 'vitest';
import type { Schedule } from '../../src/domain/types';
import { ganttLayout, ganttSpan, LABEL_WIDTH } from '../../src/ui/scheduleGantt';
import { parseInstant } from '../../src/domain/dates';

const operation = (resource: string, machine: string, setupStart: string, start: string, end: string): Schedule['operations'][number] => ({
  id: `${resource}-${machine}-${start}`,
  order: 'LOT-A-W0',
  item: 'A',
  step: 10,
  qty: 10,
  resource,
  machine,
  setupStart,
  start,
  end,
  setupMinutes: 0,
  tools: [],
  operators: 0,
});

describe('the Gantt layout', () => {
  const schedule: Schedule = {
    format: 'ponte.schedule/1',
    operations: [operation('MIX', 'M1', '2026-11-30T06:00', '2026-11-30T06:30', '2026-11-30T12:00'), operation('FILL', 'M1', '2026-12-01T08:00', '2026-12-01T08:00', '2026-12-02T10:00')],
    kpis: { makespanMinutes: 0, totalSetupMinutes: 0, totalTardinessMinutes: 0, lateOrders: 0 },
    violations: [],
  };

  it('gives machines of the same id in different work centers rows of their own', () => {
    const layout = ganttLayout(schedule, 1000);
    expect(layout.machines.map((machine) => machine.label)).toEqual(['FILL/M1', 'MIX/M1']);
    expect(new Set(layout.bars.map((bar) => bar.y)).size).toBe(2);
  });

  it('places setup, run and end in time order from midnight of the first day, one tick a day', () => {
    const layout = ganttLayout(schedule, 1000);
    expect(layout.ticks.map((tick) => tick.label)).toEqual(['Mon 11-30', 'Tue 12-01', 'Wed 12-02', 'Thu 12-03']);
    expect(layout.ticks[0]!.x).toBe(LABEL_WIDTH);
    const [mix, fill] = layout.bars;
    expect(mix!.setupX).toBeLessThan(mix!.x);
    expect(mix!.x).toBeLessThan(mix!.endX);
    expect(fill!.setupX).toBe(fill!.x);
    expect(mix!.endX).toBeLessThan(fill!.x);
  });

  it('zoomed to a day, draws only that day, cut at its edges, with a tick every two hours', () => {
    const { from } = ganttSpan(schedule);
    expect(from).toBe(parseInstant('2026-11-30T00:00'));
    const day = 24 * 60;
    const first = ganttLayout(schedule, 1000, 22, { from, to: from + day });
    expect(first.bars.map((bar) => bar.machine)).toEqual(['M1']);
    expect(first.bars[0]!.item).toBe('A');
    expect(first.ticks).toHaveLength(13);
    expect(first.ticks[0]!.label).toBe('Mon 11-30');
    expect(first.ticks[1]!.label).toBe('02:00');
    // The FILL operation runs from Tuesday 08:00 to Wednesday 10:00: it shows on both days, cut at midnight.
    const second = ganttLayout(schedule, 1000, 22, { from: from + day, to: from + 2 * day });
    const third = ganttLayout(schedule, 1000, 22, { from: from + 2 * day, to: from + 3 * day });
    expect(second.bars).toHaveLength(1);
    expect(second.bars[0]!.endX).toBe(990);
    expect(third.bars).toHaveLength(1);
    expect(third.bars[0]!.setupX).toBe(LABEL_WIDTH);
  });
});
