/**
 * The sequence kernel in plain TypeScript: the reference the WebAssembly kernel
 * (wasm/assembly/sequenceKernel.ts) must agree with to the bit, line for line the same arithmetic.
 */
import { MINUTES_PER_DAY } from '../../../domain/dates';
import { PRICED_FIELDS, type KernelLayout, type KernelResult, type SequenceKernel } from './layout';
import { CLOCK, PREVIOUS, TARDINESS, SETUP, INTERVAL, CLEANING_DAY, CLEANINGS, RANK, CAMPAIGN_WEEK, CAMPAIGNS, VIOLATIONS, STATE_FIELDS } from './state';

export class ReferenceKernel implements SequenceKernel {
  readonly name = 'TypeScript';
  private insertions = new Float64Array(0);
  // The clock before the position being priced, and after the last run.
  private readonly state = new Float64Array(STATE_FIELDS);
  private readonly result = new Float64Array(STATE_FIELDS);
  /** Whether the last run got through before its machine's calendar ran out. */
  private finished = true;

  constructor(private readonly layout: KernelLayout) {}

  updateReleases(): void {
    // Reads layout.release directly.
  }

  /** Index of the first interval in [first, last) ending after `instant`, or last. */
  private intervalEndingAfter(first: number, last: number, instant: number): number {
    const ends = this.layout.calendarEnd;
    let low = first;
    let high = last;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (ends[mid]! <= instant) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The state of an idle machine at `free`. */
  private start(machine: number, free: number): void {
    const state = this.state;
    state[CLOCK] = free;
    state[PREVIOUS] = this.layout.setupWidth[machine]!;
    state[TARDINESS] = 0;
    state[SETUP] = 0;
    state[INTERVAL] = this.intervalEndingAfter(this.layout.calendarOffset[machine]!, this.layout.calendarOffset[machine + 1]!, free);
    state[CLEANING_DAY] = -Infinity;
    state[CLEANINGS] = 0;
    state[RANK] = -1;
    state[CAMPAIGN_WEEK] = -Infinity;
    state[CAMPAIGNS] = 0;
    state[VIOLATIONS] = 0;
  }

  /**
   * Times `op` (none when -1) and then sequence[from, to) on `machine`, starting from `this.state`;
   * the state after it lands in `this.result` (with an infinite clock and tardiness where the
   * calendar runs out).
   */
  private run(machine: number, sequence: Int32Array, from: number, to: number, op: number): void {
    const { operations, group, work, setup, cleaning, release, due, weight, campaignRank, calendarStart, calendarEnd, calendarBefore, calendarAfter } = this.layout;
    const first = this.layout.calendarOffset[machine]!;
    const last = this.layout.calendarOffset[machine + 1]!;
    const unlimited = first === last;
    const width = this.layout.setupWidth[machine]!;
    const matrix = this.layout.setupOffset[machine]!;
    const row = machine * operations;
    const maxCleanings = this.layout.maxCleaningsPerDay[machine]!;
    const maxCampaigns = this.layout.maxCampaignsPerWeek[machine]!;
    const state = this.state;
    let clock = state[CLOCK]!;
    let previous = state[PREVIOUS]!;
    let tardiness = state[TARDINESS]!;
    let setupTotal = state[SETUP]!;
    let interval = state[INTERVAL]!;
    let cleaningDay = state[CLEANING_DAY]!;
    let cleanings = state[CLEANINGS]!;
    let lastRank = state[RANK]!;
    let campaignWeek = state[CAMPAIGN_WEEK]!;
    let campaigns = state[CAMPAIGNS]!;
    let violations = state[VIOLATIONS]!;
    let position = from;
    let inserting = op >= 0;
    let current = inserting ? op : position < to ? sequence[position]! : -1;
    while (current >= 0) {
      const currentGroup = group[current]!;
      const cell = matrix + previous * width + currentGroup;
      const changeover = setup[cell]!;
      const minutes = Math.ceil(changeover + work[row + current]! - 1e-9);
      // An operation the machine cannot run ends its sequence like a calendar that runs out.
      if (minutes === Infinity) return this.unfinished(setupTotal, violations);
      const cleans = cleaning[cell] === 1;
      let ready = Math.max(clock, release[current]!);
      let day = 0;
      for (;;) {
        if (!unlimited) {
          // The clock only moves forward, so the interval is found from the last one.
          while (interval < last && calendarEnd[interval]! <= ready) interval++;
          if (interval >= last) return this.unfinished(setupTotal, violations);
          ready = Math.max(calendarStart[interval]!, ready);
        }
        if (!cleans) break;
        // A cleaning waits for the next day once the day has had its share.
        day = Math.floor(ready / MINUTES_PER_DAY);
        if ((day === cleaningDay ? cleanings : 0) < maxCleanings) break;
        ready = (day + 1) * MINUTES_PER_DAY;
      }
      let end: number;
      if (unlimited) end = ready + minutes;
      else {
        const target = calendarBefore[interval]! + (ready - calendarStart[interval]!) + minutes;
        if (calendarAfter[last - 1]! < target) return this.unfinished(setupTotal, violations);
        while (calendarAfter[interval]! < target) interval++;
        end = calendarStart[interval]! + (target - calendarBefore[interval]!);
      }
      if (cleans) {
        if (day === cleaningDay) cleanings++;
        else {
          cleaningDay = day;
          cleanings = 1;
        }
      }
      const rank = campaignRank[current]!;
      if (rank >= 0) {
        // Going back in the campaign order opens a campaign, in the week its setup starts.
        if (lastRank < 0 || rank < lastRank) {
          const week = Math.floor((ready / MINUTES_PER_DAY - this.layout.firstDay) / 7);
          if (week === campaignWeek) campaigns++;
          else {
            campaignWeek = week;
            campaigns = 1;
          }
          if (campaigns > maxCampaigns) violations++;
        }
        lastRank = rank;
      }
      const late = end - due[current]!;
      if (late > 0) tardiness += late * weight[current]!;
      setupTotal += changeover;
      clock = end;
      previous = currentGroup;
      if (inserting) inserting = false;
      else position++;
      current = position < to ? sequence[position]! : -1;
    }
    this.finished = true;
    const result = this.result;
    result[CLOCK] = clock;
    result[PREVIOUS] = previous;
    result[TARDINESS] = tardiness;
    result[SETUP] = setupTotal;
    result[INTERVAL] = interval;
    result[CLEANING_DAY] = cleaningDay;
    result[CLEANINGS] = cleanings;
    result[RANK] = lastRank;
    result[CAMPAIGN_WEEK] = campaignWeek;
    result[CAMPAIGNS] = campaigns;
    result[VIOLATIONS] = violations;
  }

  /** The calendar runs out: no completion, the setups and violations before it. */
  private unfinished(setupTotal: number, violations: number): void {
    this.finished = false;
    this.result[CLOCK] = Infinity;
    this.result[TARDINESS] = Infinity;
    this.result[SETUP] = setupTotal;
    this.result[VIOLATIONS] = violations;
  }

  evaluate(machine: number, sequence: Int32Array, length: number, free: number): KernelResult {
    this.start(machine, free);
    this.run(machine, sequence, 0, length, -1);
    const result = this.result;
    return { weightedTardiness: result[TARDINESS]!, totalSetup: result[SETUP]!, completion: result[CLOCK]!, campaignViolations: result[VIOLATIONS]! };
  }

  priceInsertions(machine: number, sequence: Int32Array, length: number, op: number, free: number): Float64Array {
    if (this.insertions.length < PRICED_FIELDS * (length + 1)) this.insertions = new Float64Array(PRICED_FIELDS * Math.max(length + 1, 2 * this.insertions.length));
    const out = this.insertions;
    const result = this.result;
    this.start(machine, free);
    for (let position = 0; position <= length; position++) {
      this.run(machine, sequence, position, length, op);
      const at = PRICED_FIELDS * position;
      out[at] = result[TARDINESS]!;
      out[at + 1] = result[SETUP]!;
      out[at + 2] = result[CLOCK]!;
      out[at + 3] = result[VIOLATIONS]!;
      if (position === length) break;
      // One operation further along the sequence as it stands.
      this.run(machine, sequence, position, position + 1, -1);
      if (!this.finished) {
        // The sequence itself runs out of calendar here, and so does every insertion after this point.
        for (let later = position + 1; later <= length; later++) {
          out[PRICED_FIELDS * later] = Infinity;
          out[PRICED_FIELDS * later + 1] = result[SETUP]!;
          out[PRICED_FIELDS * later + 2] = Infinity;
          out[PRICED_FIELDS * later + 3] = result[VIOLATIONS]!;
        }
        break;
      }
      this.state.set(result);
    }
    return out;
  }
}
