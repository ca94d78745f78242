/**
 * The schedule search's clock: an iteration is not started when one as slow as the slowest so far
 * would end past the limit (a 1 s search came back after 1.1 s on a loaded machine).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SearchClock } from '../../src/engine/aps/searchClock';

let now = 0;
afterEach(() => vi.restoreAllMocks());

describe('SearchClock', () => {
  it('keeps the slowest lap in reserve, and the construction is no lap', () => {
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    now = 0;
    const clock = new SearchClock(1);
    now = 400; // construction: 0.4 s, not a lap
    clock.startLaps();
    expect(clock.expired()).toBe(false);
    now = 430;
    clock.lap(); // 30 ms
    now = 530;
    clock.lap(); // 100 ms: the slowest
    now = 560;
    clock.lap(); // 30 ms
    now = 899;
    expect(clock.expired()).toBe(false); // 0.899 + 0.1 < 1
    now = 900;
    expect(clock.expired()).toBe(true); // a lap of 0.1 s would end at the limit
    expect(clock.elapsed()).toBeCloseTo(0.9, 9);
  });

  it('never expires without a limit', () => {
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    now = 0;
    const clock = new SearchClock(Infinity);
    clock.startLaps();
    now = 1e9;
    clock.lap();
    expect(clock.expired()).toBe(false);
  });
});
