// The APS inner loop in AssemblyScript: time one machine's sequence with sequence-dependent
// setups, a working calendar, the allergen cleanings' daily limit and the campaigns' weekly one,
// and price it, or price every insertion of one operation into it.
// The instance lives in linear memory (laid out by src/engine/aps/kernel/layout.ts); a call passes
// only the machine and the sequence. The plain-TypeScript reference
// (src/engine/aps/kernel/reference.ts) must agree to the bit.

import { CLOCK, PREVIOUS, TARDINESS, SETUP, INTERVAL, CLEANING_DAY, CLEANINGS, RANK, CAMPAIGN_WEEK, CAMPAIGNS, VIOLATIONS, STATE_FIELDS, PRICED_FIELDS } from '../../src/engine/aps/kernel/state';

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
let insertionsPtr: usize = 0;
const MINUTES_PER_DAY: f64 = 1440;
// A machine's clock state: before the position being priced, and after the last run, which the
// caller reads through a view of its own.
let statePtr: usize = 0;
let resultPtr: usize = 0;
let finished = true;

export function reserve(bytes: i32): usize {
  return heap.alloc(<usize>bytes);
}

export function configure(
  n: i32,
  due: usize, weight: usize, release: usize, group: usize, work: usize, setup: usize, setupOffset: usize, setupWidth: usize,
  cleaning: usize, maxCleanings: usize, campaignRank: usize, maxCampaigns: usize, day: f64,
  calendarOffset: usize, calendarStart: usize, calendarEnd: usize, calendarBefore: usize, calendarAfter: usize,
  insertions: usize, state: usize, result: usize,
): void {
  operations = n;
  duePtr = due; weightPtr = weight; releasePtr = release; groupPtr = group; workPtr = work;
  setupPtr = setup; setupOffsetPtr = setupOffset; setupWidthPtr = setupWidth;
  cleaningPtr = cleaning; maxCleaningsPtr = maxCleanings; campaignRankPtr = campaignRank; maxCampaignsPtr = maxCampaigns; firstDay = day;
  calendarOffsetPtr = calendarOffset; calendarStartPtr = calendarStart; calendarEndPtr = calendarEnd;
  calendarBeforePtr = calendarBefore; calendarAfterPtr = calendarAfter;
  insertionsPtr = insertions;
  statePtr = state;
  resultPtr = result;
}

@inline function f64At(base: usize, index: i32): f64 {
  return load<f64>(base + (<usize>index << 3));
}

@inline function i32At(base: usize, index: i32): i32 {
  return load<i32>(base + (<usize>index << 2));
}

@inline function setF64(base: usize, index: i32, value: f64): void {
  store<f64>(base + (<usize>index << 3), value);
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

/** The state of an idle machine at `free`. */
function start(machine: i32, free: f64): void {
  setF64(statePtr, CLOCK, free);
  setF64(statePtr, PREVIOUS, <f64>i32At(setupWidthPtr, machine));
  setF64(statePtr, TARDINESS, 0);
  setF64(statePtr, SETUP, 0);
  setF64(statePtr, INTERVAL, <f64>intervalEndingAfter(i32At(calendarOffsetPtr, machine), i32At(calendarOffsetPtr, machine + 1), free));
  setF64(statePtr, CLEANING_DAY, -Infinity);
  setF64(statePtr, CLEANINGS, 0);
  setF64(statePtr, RANK, -1);
  setF64(statePtr, CAMPAIGN_WEEK, -Infinity);
  setF64(statePtr, CAMPAIGNS, 0);
  setF64(statePtr, VIOLATIONS, 0);
}

/** The calendar runs out: no completion, the setups and violations before it. */
function unfinished(setupTotal: f64, violations: f64): void {
  finished = false;
  setF64(resultPtr, CLOCK, Infinity);
  setF64(resultPtr, TARDINESS, Infinity);
  setF64(resultPtr, SETUP, setupTotal);
  setF64(resultPtr, VIOLATIONS, violations);
}

/**
 * Times `op` (none when -1) and then sequence[from, to) on `machine`, starting from the state at
 * statePtr; the state after it lands at resultPtr (with an infinite clock and tardiness where the
 * calendar runs out).
 */
@inline function run(machine: i32, sequence: usize, from: i32, to: i32, op: i32): void {
  const first = i32At(calendarOffsetPtr, machine);
  const last = i32At(calendarOffsetPtr, machine + 1);
  const unlimited = first == last;
  const width = i32At(setupWidthPtr, machine);
  const matrix = i32At(setupOffsetPtr, machine);
  const row = workPtr + (<usize>machine * <usize>operations << 3);
  const maxCleanings = <f64>i32At(maxCleaningsPtr, machine);
  const maxCampaigns = <f64>i32At(maxCampaignsPtr, machine);
  let clock = f64At(statePtr, CLOCK);
  let previous = <i32>f64At(statePtr, PREVIOUS);
  let tardiness = f64At(statePtr, TARDINESS);
  let setupTotal = f64At(statePtr, SETUP);
  let interval = <i32>f64At(statePtr, INTERVAL);
  let cleaningDay = f64At(statePtr, CLEANING_DAY);
  let cleanings = f64At(statePtr, CLEANINGS);
  let lastRank = <i32>f64At(statePtr, RANK);
  let campaignWeek = f64At(statePtr, CAMPAIGN_WEEK);
  let campaigns = f64At(statePtr, CAMPAIGNS);
  let violations = f64At(statePtr, VIOLATIONS);
  let position = from;
  let inserting = op >= 0;
  let current = inserting ? op : position < to ? i32At(sequence, position) : -1;
  while (current >= 0) {
    const currentGroup = i32At(groupPtr, current);
    const cell = matrix + previous * width + currentGroup;
    const changeover = f64At(setupPtr, cell);
    const minutes = Math.ceil(changeover + f64At(row, current) - 1e-9);
    // An operation the machine cannot run ends its sequence like a calendar that runs out.
    if (minutes == Infinity) {
      unfinished(setupTotal, violations);
      return;
    }
    const cleans = load<u8>(cleaningPtr + <usize>cell) == 1;
    let ready = Math.max(clock, f64At(releasePtr, current));
    let day: f64 = 0;
    while (true) {
      if (!unlimited) {
        // The clock only moves forward, so the interval is found from the last one.
        while (interval < last && f64At(calendarEndPtr, interval) <= ready) interval++;
        if (interval >= last) {
          unfinished(setupTotal, violations);
          return;
        }
        ready = Math.max(f64At(calendarStartPtr, interval), ready);
      }
      if (!cleans) break;
      // A cleaning waits for the next day once the day has had its share.
      day = Math.floor(ready / MINUTES_PER_DAY);
      if ((day == cleaningDay ? cleanings : 0) < maxCleanings) break;
      ready = (day + 1) * MINUTES_PER_DAY;
    }
    let end: f64;
    if (unlimited) end = ready + minutes;
    else {
      const target = f64At(calendarBeforePtr, interval) + (ready - f64At(calendarStartPtr, interval)) + minutes;
      if (f64At(calendarAfterPtr, last - 1) < target) {
        unfinished(setupTotal, violations);
        return;
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
    if (inserting) inserting = false;
    else position++;
    current = position < to ? i32At(sequence, position) : -1;
  }
  finished = true;
  setF64(resultPtr, CLOCK, clock);
  setF64(resultPtr, PREVIOUS, <f64>previous);
  setF64(resultPtr, TARDINESS, tardiness);
  setF64(resultPtr, SETUP, setupTotal);
  setF64(resultPtr, INTERVAL, <f64>interval);
  setF64(resultPtr, CLEANING_DAY, cleaningDay);
  setF64(resultPtr, CLEANINGS, cleanings);
  setF64(resultPtr, RANK, <f64>lastRank);
  setF64(resultPtr, CAMPAIGN_WEEK, campaignWeek);
  setF64(resultPtr, CAMPAIGNS, campaigns);
  setF64(resultPtr, VIOLATIONS, violations);
}

/** Time one sequence (operation indices at `sequence`) on `machine` from `free`. */
export function timeSequence(machine: i32, sequence: usize, length: i32, free: f64): void {
  start(machine, free);
  run(machine, sequence, 0, length, -1);
}

/** Price `op` inserted at every position 0..length of the sequence: PRICED_FIELDS f64 per position. */
export function priceInsertions(machine: i32, sequence: usize, length: i32, op: i32, free: f64): void {
  start(machine, free);
  for (let position: i32 = 0; position <= length; position++) {
    run(machine, sequence, position, length, op);
    const out = insertionsPtr + <usize>(position * PRICED_FIELDS) * 8;
    store<f64>(out, f64At(resultPtr, TARDINESS));
    store<f64>(out + 8, f64At(resultPtr, SETUP));
    store<f64>(out + 16, f64At(resultPtr, CLOCK));
    store<f64>(out + 24, f64At(resultPtr, VIOLATIONS));
    if (position == length) break;
    // One operation further along the sequence as it stands.
    run(machine, sequence, position, position + 1, -1);
    if (!finished) {
      // The sequence itself runs out of calendar here, and so does every insertion after this point.
      for (let later = position + 1; later <= length; later++) {
        const rest = insertionsPtr + <usize>(later * PRICED_FIELDS) * 8;
        store<f64>(rest, Infinity);
        store<f64>(rest + 8, f64At(resultPtr, SETUP));
        store<f64>(rest + 16, Infinity);
        store<f64>(rest + 24, f64At(resultPtr, VIOLATIONS));
      }
      break;
    }
    memory.copy(statePtr, resultPtr, STATE_FIELDS * 8);
  }
}
