/**
 * The schedule search's time limit, kept as a promise: an iteration is not started when the
 * slowest one so far would end past the limit. Checking the limit only between iterations let a
 * 1 s search in the app return after 1.1 s under a loaded CI machine (38 iterations of about
 * 27 ms, one of them stretched past the limit); the slowest lap is the reserve because a loaded
 * machine stretches laps unevenly, and a single slow one is the one that overruns.
 */
export class SearchClock {
  private readonly started = performance.now();
  private lapStarted = this.started;
  private slowestLap = 0;

  constructor(private readonly limitSeconds: number) {}

  elapsed(): number {
    return (performance.now() - this.started) / 1000;
  }

  /** Starts timing iterations: the construction before them is no lap. */
  startLaps(): void {
    this.lapStarted = performance.now();
  }

  /** Marks the end of an iteration (and the start of the next). */
  lap(): void {
    const now = performance.now();
    this.slowestLap = Math.max(this.slowestLap, (now - this.lapStarted) / 1000);
    this.lapStarted = now;
  }

  /** True when the next iteration, as slow as the slowest so far, would end past the limit. */
  expired(): boolean {
    return this.elapsed() + this.slowestLap >= this.limitSeconds;
  }
}
