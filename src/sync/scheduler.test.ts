import { describe, expect, it } from 'vitest';
import { backoffSeconds } from './scheduler';

describe('the sync backoff', () => {
  it('grows exponentially with failures, up to its ceiling, jittered below it', () => {
    const options = { minBackoffSeconds: 2, maxBackoffSeconds: 300 };
    // The ceiling with the largest draw: 2, 4, 8, ... capped at 300.
    expect([1, 2, 3, 4, 8, 9, 20].map((failures) => backoffSeconds(failures, options, () => 1))).toEqual([2, 4, 8, 16, 256, 300, 300]);
    // Full jitter: anywhere between the floor and the ceiling.
    expect(backoffSeconds(6, options, () => 0.5)).toBe(32);
    expect(backoffSeconds(6, options, () => 0)).toBe(2);
    const draws = Array.from({ length: 200 }, (_, index) => backoffSeconds(5, options, () => index / 200));
    expect(new Set(draws.map((seconds) => Math.round(seconds))).size).toBeGreaterThan(20);
  });
});
