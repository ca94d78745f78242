import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/domain/random';
import { UsageTimeline } from '../../src/engine/aps/usageTimeline';

interface Use {
  from: number;
  to: number;
  amount: number;
}

/** The peak from its definition: the largest total in use at `from` or at any start inside the window. */
function peakByDefinition(uses: Use[], from: number, to: number) {
  const overlapping = uses.filter((use) => use.to > from && use.from < to);
  const points = [from, ...overlapping.map((use) => use.from).filter((start) => start > from)];
  const totalAt = (point: number) => overlapping.reduce((sum, use) => sum + (use.from <= point && point < use.to ? use.amount : 0), 0);
  return { peak: Math.max(...points.map(totalAt)), firstEnd: Math.min(Infinity, ...overlapping.map((use) => use.to)) };
}

describe('the usage timeline of a tool or the operator pool', () => {
  it('finds the peak and the first end over any window as the definition does', () => {
    const random = new SeededRandom(11);
    let busyWindows = 0;
    for (let trial = 0; trial < 200; trial++) {
      const timeline = new UsageTimeline();
      const uses: Use[] = [];
      const count = random.int(0, 60);
      for (let i = 0; i < count; i++) {
        // Coarse starts make ties; a few long uses (a weekend inside) and empty ones.
        const from = 10 * random.int(0, 100);
        const length = random.chance(0.05) ? 0 : random.chance(0.1) ? random.int(500, 3000) : random.int(1, 120);
        const use = { from, to: from + length, amount: random.int(1, 3) };
        uses.push(use);
        timeline.add(use.from, use.to, use.amount);
        for (let query = 0; query < 5; query++) {
          const start = random.int(-100, 1100);
          const window = { from: start, to: start + random.int(1, 400) };
          const expected = peakByDefinition(uses, window.from, window.to);
          expect(timeline.peakDuring(window.from, window.to), `window ${window.from}-${window.to} after ${uses.length} uses`).toEqual(expected);
          if (expected.peak >= 3) busyWindows++;
        }
      }
    }
    // Windows where several uses stack up were among them.
    expect(busyWindows).toBeGreaterThan(1000);
  });

  it('reports nothing in use on an empty timeline', () => {
    expect(new UsageTimeline().peakDuring(0, 100)).toEqual({ peak: 0, firstEnd: Infinity });
  });
});
