/**
 * The uses of one limited resource over time (a tool, the operator pool): intervals with an amount,
 * kept sorted by start, so the decoder's question "how much is in use at most during [from, to),
 * and when does the first of those uses end" reads only the uses near the window instead of every
 * use placed so far.
 */
interface Usage {
  from: number;
  to: number;
  amount: number;
}

export interface PeakUsage {
  /** The most in use at once during the window. */
  peak: number;
  /** The earliest end among the uses overlapping the window (Infinity when none does). */
  firstEnd: number;
}

export class UsageTimeline {
  /** Sorted by start. */
  private readonly usages: Usage[] = [];
  /** The longest use: one that overlaps a window starts less than this before it. */
  private longest = 0;
  // Scratch for peakDuring, shared by every timeline (a call runs to its end before the next):
  // the overlapping uses' ends, sorted, and their amounts.
  private static ends = new Float64Array(64);
  private static amounts = new Float64Array(64);

  /** Index of the first use starting after `instant`, or at it too when `orAt`. */
  private firstStarting(instant: number, orAt: boolean): number {
    let low = 0;
    let high = this.usages.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      const start = this.usages[mid]!.from;
      if (start < instant || (!orAt && start === instant)) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  add(from: number, to: number, amount: number): void {
    const index = this.firstStarting(from, false);
    this.usages.splice(index, 0, { from, to, amount });
    this.longest = Math.max(this.longest, to - from);
  }

  peakDuring(from: number, to: number): PeakUsage {
    const first = this.firstStarting(from - this.longest, true);
    const last = this.firstStarting(to, true);
    if (UsageTimeline.ends.length < last - first) {
      UsageTimeline.ends = new Float64Array(2 * (last - first));
      UsageTimeline.amounts = new Float64Array(2 * (last - first));
    }
    const { ends, amounts } = UsageTimeline;
    const usages = this.usages;
    // What is in use at `from`, and the ends of the uses that end inside the window, in order.
    let total = 0;
    let firstEnd = Infinity;
    let count = 0;
    for (let index = first; index < last; index++) {
      const usage = usages[index]!;
      if (usage.to <= from) continue;
      if (usage.from <= from) total += usage.amount;
      firstEnd = Math.min(firstEnd, usage.to);
      // A use ending at or after `to` is still on at every start inside the window.
      if (usage.to >= to) continue;
      let at = count++;
      for (; at > 0 && ends[at - 1]! > usage.to; at--) {
        ends[at] = ends[at - 1]!;
        amounts[at] = amounts[at - 1]!;
      }
      ends[at] = usage.to;
      amounts[at] = usage.amount;
    }
    // The usage is piecewise constant, so its maximum over the window is at `from` or at the start
    // of a use inside it: sweep those starts, in order, taking off the uses that ended.
    let peak = total;
    let ended = 0;
    for (let index = first; index < last; index++) {
      const usage = usages[index]!;
      if (usage.from <= from || usage.to <= from) continue;
      for (; ended < count && ends[ended]! <= usage.from; ended++) total -= amounts[ended]!;
      total += usage.amount;
      peak = Math.max(peak, total);
    }
    return { peak, firstEnd };
  }
}
