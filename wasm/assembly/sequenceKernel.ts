// The APS inner loop in AssemblyScript: time one machine's sequence with sequence-dependent
// setups, a working calendar, the allergen cleanings' daily limit and the campaigns' weekly one,
// and price it, or price every insertion of one operation into it.
// The instance lives in linear memory (laid out by src/engine/aps/kernel/layout.ts); a call passes
// only the machine and the sequence. The plain-TypeScript reference
// (src/engine/aps/kernel/reference.ts) must agree to the bit: it is the same code, line for line.

import { PRICED_TARDINESS, PRICED_SETUP, PRICED_COMPLETION, PRICED_VIOLATIONS, PRICED_FIELDS } from '../../src/engine/aps/kernel/priced';

let operations: i32 = 0;
let duePtr: usize = 0;
let weightPtr: usize = 0;
let releasePtr: usize = 0;
let groupPtr: usize = 0;
let workPtr: usize = 0;
let setupPtr: usize = 0;
let setupOffsetPtr: usize = 0;
let setupWidthPtr: usize = 0;
let cleaningPtr: usize = 0;
let maxCleaningsPtr: usize = 0;
let campaignRankPtr: usize = 0;
let maxCampaignsPtr: usize = 0;
let firstDay: f64 = 0;
let calendarOffsetPtr: usize = 0;
let calendarStartPtr: usize = 0;
let calendarEndPtr: usize = 0;
let calendarBeforePtr: usize = 0;
let calendarAfterPtr: usize = 0;
/** Where the answer goes: PRICED_FIELDS f64 per insertion position, read by the caller through a view. */
let answersPtr: usize = 0;
const MINUTES_PER_DAY: f64 = 1440;

export function reserve(bytes: i32): usize {
  return heap.alloc(<usize>bytes);
}

export function configure(
  n: i32,
  due: usize, weight: usize, release: usize, group: usize, work: usize, setup: usize, setupOffset: usize, setupWidth: usize,
  cleaning: usize, maxCleanings: usize, campaignRank: usize, maxCampaigns: usize, day: f64,
  calendarOffset: usize, calendarStart: usize, calendarEnd: usize, calendarBefore: usize, calendarAfter: usize,
  answers: usize,
): void {
  operations = n;
  duePtr = due; weightPtr = weight; releasePtr = release; groupPtr = group; workPtr = work;
  setupPtr = setup; setupOffsetPtr = setupOffset; setupWidthPtr = setupWidth;
  cleaningPtr = cleaning; maxCleaningsPtr = maxCleanings; campaignRankPtr = campaignRank; maxCampaignsPtr = maxCampaigns; firstDay = day;
  calendarOffsetPtr = calendarOffset; calendarStartPtr = calendarStart; calendarEndPtr = calendarEnd;
  calendarBeforePtr = calendarBefore; calendarAfterPtr = calendarAfter;
  answersPtr = answers;
}

@inline function f64At(base: usize, index: i32): f64 {
  return load<f64>(base + (<usize>index << 3));
}

@inline function i32At(base: usize, index: i32): i32 {
  return load<i32>(base + (<usize>index << 2));
}

/** Index of the first interval in [first, last) ending after `instant`, or last. */
function intervalEndingAfter(first: i32, last: i32, instant: f64): i32 {
  let low = first;
  let high = last;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (f64At(calendarEndPtr, mid) <= instant) low = mid + 1;
    else high = mid;
  }
  return low;
}

@inline function answer(position: i32, tardiness: f64, setupTotal: f64, completion: f64, violations: f64): void {
  const at = answersPtr + (<usize>(position * PRICED_FIELDS) << 3);
  store<f64>(at + (PRICED_TARDINESS << 3), tardiness);
  store<f64>(at + (PRICED_SETUP << 3), setupTotal);
  store<f64>(at + (PRICED_COMPLETION << 3), completion);
  store<f64>(at + (PRICED_VIOLATIONS << 3), violations);
}

/** Time one sequence (operation indices at `sequence`) on `machine` from `free`: the answer at position 0. */
export function timeSequence(machine: i32, sequence: usize, length: i32, free: f64): void {
  price(machine, sequence, length, -1, free);
}

/** Price `op` inserted at every position 0..length of the sequence. */
export function priceInsertions(machine: i32, sequence: usize, length: i32, op: i32, free: f64): void {
  price(machine, sequence, length, op, free);
}

/**
 * Prices `op` inserted at every position 0..length of `sequence` on `machine`, free from `free`;
 * with `op` -1, times the sequence itself into position 0. Each position is timed from the state of
 * the sequence before it, kept in locals.
 */
function price(machine: i32, sequence: usize, length: i32, op: i32, free: f64): void {
  const first = i32At(calendarOffsetPtr, machine);
  const last = i32At(calendarOffsetPtr, machine + 1);
  const unlimited = first == last;
  const width = i32At(setupWidthPtr, machine);
  const matrix = i32At(setupOffsetPtr, machine);
  const row = workPtr + (<usize>machine * <usize>operations << 3);
  const maxCleanings = <f64>i32At(maxCleaningsPtr, machine);
  const maxCampaigns = <f64>i32At(maxCampaignsPtr, machine);
  const lastAfter = unlimited ? Infinity : f64At(calendarAfterPtr, last - 1);
  // The state of the sequence before the position being priced.
  let baseClock = free;
  let basePrevious = width;
  let baseTardiness: f64 = 0;
  let baseSetup: f64 = 0;
  let baseInterval = intervalEndingAfter(first, last, free);
  let baseCleaningDay: f64 = -Infinity;
  let baseCleanings: f64 = 0;
  let baseRank: i32 = -1;
  let baseWeek: f64 = -Infinity;
  let baseCampaigns: f64 = 0;
  let baseViolations: f64 = 0;
  let position: i32 = 0;
  // Pricing the insertion at `position`, or else moving the base state over sequence[position].
  let pricing = true;
  while (true) {
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
    let current: i32;
    let next: i32;
    let stop: i32;
    if (!pricing) {
      current = i32At(sequence, position);
      next = stop = position + 1;
    } else if (op >= 0) {
      current = op;
      next = position;
      stop = length;
    } else {
      current = length > 0 ? i32At(sequence, 0) : -1;
      next = 1;
      stop = length;
    }
    let timed = true;
    while (current >= 0) {
      const currentGroup = i32At(groupPtr, current);
      const cell = matrix + previous * width + currentGroup;
      const changeover = f64At(setupPtr, cell);
      const minutes = Math.ceil(changeover + f64At(row, current) - 1e-9);
      // An operation the machine cannot run ends its sequence like a calendar that runs out.
      if (minutes == Infinity) {
        timed = false;
        break;
      }
      const cleans = load<u8>(cleaningPtr + <usize>cell) == 1;
      let ready = Math.max(clock, f64At(releasePtr, current));
      let day: f64 = 0;
      while (true) {
        if (!unlimited) {
          // The clock only moves forward, so the interval is found from the last one.
          while (interval < last && f64At(calendarEndPtr, interval) <= ready) interval++;
          if (interval >= last) break;
          ready = Math.max(f64At(calendarStartPtr, interval), ready);
        }
        if (!cleans) break;
        // A cleaning waits for the next day once the day has had its share.
        day = Math.floor(ready / MINUTES_PER_DAY);
        if ((day == cleaningDay ? cleanings : 0) < maxCleanings) break;
        ready = (day + 1) * MINUTES_PER_DAY;
      }
      if (interval >= last && !unlimited) {
        timed = false;
        break;
      }
      let end: f64;
      if (unlimited) end = ready + minutes;
      else {
        const target = f64At(calendarBeforePtr, interval) + (ready - f64At(calendarStartPtr, interval)) + minutes;
        if (lastAfter < target) {
          timed = false;
          break;
        }
        while (f64At(calendarAfterPtr, interval) < target) interval++;
        end = f64At(calendarStartPtr, interval) + (target - f64At(calendarBeforePtr, interval));
      }
      if (cleans) {
        if (day == cleaningDay) cleanings++;
        else {
          cleaningDay = day;
          cleanings = 1;
        }
      }
      const rank = i32At(campaignRankPtr, current);
      if (rank >= 0) {
        // Going back in the campaign order opens a campaign, in the week its setup starts.
        if (lastRank < 0 || rank < lastRank) {
          const week = Math.floor((ready / MINUTES_PER_DAY - firstDay) / 7);
          if (week == campaignWeek) campaigns++;
          else {
            campaignWeek = week;
            campaigns = 1;
          }
          if (campaigns > maxCampaigns) violations++;
        }
        lastRank = rank;
      }
      const late = end - f64At(duePtr, current);
      if (late > 0) tardiness += late * f64At(weightPtr, current);
      setupTotal += changeover;
      clock = end;
      previous = currentGroup;
      current = next < stop ? i32At(sequence, next++) : -1;
    }
    if (pricing) {
      // Where the calendar runs out: no completion, the setups and violations before it.
      answer(position, timed ? tardiness : Infinity, setupTotal, timed ? clock : Infinity, violations);
      if (position == length || op < 0) return;
      pricing = false;
    } else if (!timed) {
      // The sequence itself runs out of calendar here, and so does every insertion after this point.
      for (let later = position + 1; later <= length; later++) answer(later, Infinity, setupTotal, Infinity, violations);
      return;
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
