/**
 * The sequence kernel in plain TypeScript: the reference the WebAssembly kernel
 * (wasm/assembly/sequenceKernel.ts) must agree with to the bit, line for line the same arithmetic.
 */
import { MINUTES_PER_DAY } from '../../../domain/dates';
import { type KernelLayout, type KernelResult, type SequenceKernel } from './layout';
import { PRICED_COMPLETION, PRICED_FIELDS, PRICED_SETUP, PRICED_TARDINESS, PRICED_VIOLATIONS } from './priced';

export class ReferenceKernel implements SequenceKernel {
  readonly name = 'TypeScript';
  private answers = new Float64Array(PRICED_FIELDS * 2);

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

  evaluate(machine: number, sequence: Int32Array, length: number, free: number): KernelResult {
    const answer = this.price(machine, sequence, length, -1, free);
    return { weightedTardiness: answer[PRICED_TARDINESS]!, totalSetup: answer[PRICED_SETUP]!, completion: answer[PRICED_COMPLETION]!, campaignViolations: answer[PRICED_VIOLATIONS]! };
  }

  priceInsertions(machine: number, sequence: Int32Array, length: number, op: number, free: number): Float64Array {
    return this.price(machine, sequence, length, op, free);
  }

  /**
   * Prices `op` inserted at every position 0..length of `sequence` on `machine`, free from `free`;
   * with `op` -1, times the sequence itself into position 0. Each position is timed from the state
   * of the sequence before it, kept in locals: the clock, the previous changeover group, the totals,
   * the calendar interval, the cleaning day and count, the campaign rank, week and count.
   */
  private price(machine: number, sequence: Int32Array, length: number, op: number, free: number): Float64Array {
    if (this.answers.length < PRICED_FIELDS * (length + 1)) this.answers = new Float64Array(PRICED_FIELDS * Math.max(length + 1, 2 * (this.answers.length / PRICED_FIELDS)));
    const answers = this.answers;
    const { operations, group, work, setup, cleaning, release, due, weight, campaignRank, calendarStart, calendarEnd, calendarBefore, calendarAfter, firstDay } = this.layout;
    const first = this.layout.calendarOffset[machine]!;
    const last = this.layout.calendarOffset[machine + 1]!;
    const unlimited = first === last;
    const width = this.layout.setupWidth[machine]!;
    const matrix = this.layout.setupOffset[machine]!;
    const row = machine * operations;
    const maxCleanings = this.layout.maxCleaningsPerDay[machine]!;
    const maxCampaigns = this.layout.maxCampaignsPerWeek[machine]!;
    const lastAfter = unlimited ? Infinity : calendarAfter[last - 1]!;
    // The state of the sequence before the position being priced.
    let baseClock = free;
    let basePrevious = width;
    let baseTardiness = 0;
    let baseSetup = 0;
    let baseInterval = this.intervalEndingAfter(first, last, free);
    let baseCleaningDay = -Infinity;
    let baseCleanings = 0;
    let baseRank = -1;
    let baseWeek = -Infinity;
    let baseCampaigns = 0;
    let baseViolations = 0;
    let position = 0;
    // Pricing the insertion at `position`, or else moving the base state over sequence[position].
    let pricing = true;
    for (;;) {
      let clock = baseClock;
      let previous = basePrevious;
      let tardiness = baseTardiness;
      let setupTotal = baseSetup;
      let interval = baseInterval;
      let cleaningDay = baseCleaningDay;
      let cleanings = baseCleanings;
      let lastRank = baseRank;
      let campaignWeek = baseWeek;
      let campaigns = baseCampaigns;
      let violations = baseViolations;
      let current: number;
      let next: number;
      let stop: number;
      if (!pricing) {
        current = sequence[position]!;
        next = stop = position + 1;
      } else if (op >= 0) {
        current = op;
        next = position;
        stop = length;
      } else {
        current = length > 0 ? sequence[0]! : -1;
        next = 1;
        stop = length;
      }
      let timed = true;
      while (current >= 0) {
        const currentGroup = group[current]!;
        const cell = matrix + previous * width + currentGroup;
        const changeover = setup[cell]!;
        const minutes = Math.ceil(changeover + work[row + current]! - 1e-9);
        // An operation the machine cannot run ends its sequence like a calendar that runs out.
        if (minutes === Infinity) {
          timed = false;
          break;
        }
        const cleans = cleaning[cell] === 1;
        let ready = Math.max(clock, release[current]!);
        let day = 0;
        for (;;) {
          if (!unlimited) {
            // The clock only moves forward, so the interval is found from the last one.
            while (interval < last && calendarEnd[interval]! <= ready) interval++;
            if (interval >= last) break;
            ready = Math.max(calendarStart[interval]!, ready);
          }
          if (!cleans) break;
          // A cleaning waits for the next day once the day has had its share.
          day = Math.floor(ready / MINUTES_PER_DAY);
          if ((day === cleaningDay ? cleanings : 0) < maxCleanings) break;
          ready = (day + 1) * MINUTES_PER_DAY;
        }
        if (interval >= last && !unlimited) {
          timed = false;
          break;
        }
        let end: number;
        if (unlimited) end = ready + minutes;
        else {
          const target = calendarBefore[interval]! + (ready - calendarStart[interval]!) + minutes;
          if (lastAfter < target) {
            timed = false;
            break;
          }
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
            const week = Math.floor((ready / MINUTES_PER_DAY - firstDay) / 7);
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
        current = next < stop ? sequence[next++]! : -1;
      }
      if (pricing) {
        // Where the calendar runs out: no completion, the setups and violations before it.
        setAnswer(answers, position, timed ? tardiness : Infinity, setupTotal, timed ? clock : Infinity, violations);
        if (position === length || op < 0) return answers;
        pricing = false;
      } else if (!timed) {
        // The sequence itself runs out of calendar here, and so does every insertion after this point.
        for (let later = position + 1; later <= length; later++) setAnswer(answers, later, Infinity, setupTotal, Infinity, violations);
        return answers;
      } else {
        baseClock = clock;
        basePrevious = previous;
        baseTardiness = tardiness;
        baseSetup = setupTotal;
        baseInterval = interval;
        baseCleaningDay = cleaningDay;
        baseCleanings = cleanings;
        baseRank = lastRank;
        baseWeek = campaignWeek;
        baseCampaigns = campaigns;
        baseViolations = violations;
        position++;
        pricing = true;
      }
    }
  }
}

function setAnswer(answers: Float64Array, position: number, tardiness: number, setupTotal: number, completion: number, violations: number): void {
  const at = PRICED_FIELDS * position;
  answers[at + PRICED_TARDINESS] = tardiness;
  answers[at + PRICED_SETUP] = setupTotal;
  answers[at + PRICED_COMPLETION] = completion;
  answers[at + PRICED_VIOLATIONS] = violations;
}
