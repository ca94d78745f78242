// The APS inner loop in AssemblyScript: time one machine's sequence with sequence-dependent
// setups and a working calendar, and price it, or price every insertion of one operation into it.
// The instance lives in linear memory (laid out by src/engine/aps/kernel/layout.ts); a call passes
// only the machine and the sequence. The plain-TypeScript reference
// (src/engine/aps/kernel/reference.ts) must agree to the bit.

let operations: i32 = 0;
let duePtr: usize = 0;
let weightPtr: usize = 0;
let releasePtr: usize = 0;
let groupPtr: usize = 0;
let workPtr: usize = 0;
let setupPtr: usize = 0;
let setupOffsetPtr: usize = 0;
let setupWidthPtr: usize = 0;
let calendarOffsetPtr: usize = 0;
let calendarStartPtr: usize = 0;
let calendarEndPtr: usize = 0;
let calendarBeforePtr: usize = 0;
let calendarAfterPtr: usize = 0;
let insertionsPtr: usize = 0;
// The clock state after the last run, [tardiness, setup, completion] read by the caller through a
// view of its own (the completion is Infinity where the calendar ran out).
let resultPtr: usize = 0;
let finished = true;
let resultPrevious: i32 = 0;
let resultInterval: i32 = 0;

export function reserve(bytes: i32): usize {
  return heap.alloc(<usize>bytes);
}

export function configure(
  n: i32,
  due: usize, weight: usize, release: usize, group: usize, work: usize, setup: usize, setupOffset: usize, setupWidth: usize,
  calendarOffset: usize, calendarStart: usize, calendarEnd: usize, calendarBefore: usize, calendarAfter: usize,
  insertions: usize, result: usize,
): void {
  operations = n;
  duePtr = due; weightPtr = weight; releasePtr = release; groupPtr = group; workPtr = work;
  setupPtr = setup; setupOffsetPtr = setupOffset; setupWidthPtr = setupWidth;
  calendarOffsetPtr = calendarOffset; calendarStartPtr = calendarStart; calendarEndPtr = calendarEnd;
  calendarBeforePtr = calendarBefore; calendarAfterPtr = calendarAfter;
  insertionsPtr = insertions;
  resultPtr = result;
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

/** The calendar interval to start a machine's clock from. */
function startInterval(machine: i32, free: f64): i32 {
  return intervalEndingAfter(i32At(calendarOffsetPtr, machine), i32At(calendarOffsetPtr, machine + 1), free);
}

/** The calendar runs out: no completion, the setups before it. */
function unfinished(setupTotal: f64): void {
  finished = false;
  store<f64>(resultPtr, Infinity);
  store<f64>(resultPtr + 8, setupTotal);
  store<f64>(resultPtr + 16, Infinity);
}

/**
 * Times `op` (none when -1) and then sequence[from, to) on `machine`, starting from a clock state:
 * the time, the previous group (the setup matrix's first-operation row at the start), the totals
 * so far and the first calendar interval ending after the time. The state after it lands in the result.
 */
@inline function run(
  machine: i32, sequence: usize, from: i32, to: i32, op: i32,
  clock: f64, previous: i32, tardiness: f64, setupTotal: f64, interval: i32,
): void {
  const first = i32At(calendarOffsetPtr, machine);
  const last = i32At(calendarOffsetPtr, machine + 1);
  const unlimited = first == last;
  const width = i32At(setupWidthPtr, machine);
  const matrix = setupPtr + (<usize>i32At(setupOffsetPtr, machine) << 3);
  const row = workPtr + (<usize>machine * <usize>operations << 3);
  let position = from;
  let inserting = op >= 0;
  let current = inserting ? op : position < to ? i32At(sequence, position) : -1;
  while (current >= 0) {
    const currentGroup = i32At(groupPtr, current);
    const changeover = f64At(matrix, previous * width + currentGroup);
    const minutes = Math.ceil(changeover + f64At(row, current) - 1e-9);
    let ready = Math.max(clock, f64At(releasePtr, current));
    let end: f64;
    if (unlimited) end = ready + minutes;
    else {
      // The clock only moves forward, so the interval is found from the last one.
      while (interval < last && f64At(calendarEndPtr, interval) <= ready) interval++;
      if (interval >= last) {
        unfinished(setupTotal);
        return;
      }
      ready = Math.max(f64At(calendarStartPtr, interval), ready);
      const target = f64At(calendarBeforePtr, interval) + (ready - f64At(calendarStartPtr, interval)) + minutes;
      if (f64At(calendarAfterPtr, last - 1) < target) {
        unfinished(setupTotal);
        return;
      }
      while (f64At(calendarAfterPtr, interval) < target) interval++;
      end = f64At(calendarStartPtr, interval) + (target - f64At(calendarBeforePtr, interval));
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
  store<f64>(resultPtr, tardiness);
  store<f64>(resultPtr + 8, setupTotal);
  store<f64>(resultPtr + 16, clock);
  resultPrevious = previous;
  resultInterval = interval;
}

/** Time one sequence (operation indices at `sequence`) on `machine` from `free`. */
export function timeSequence(machine: i32, sequence: usize, length: i32, free: f64): void {
  run(machine, sequence, 0, length, -1, free, i32At(setupWidthPtr, machine), 0, 0, startInterval(machine, free));
}

/** Price `op` inserted at every position 0..length of the sequence: three f64 per position. */
export function priceInsertions(machine: i32, sequence: usize, length: i32, op: i32, free: f64): void {
  let clock = free;
  let previous = i32At(setupWidthPtr, machine);
  let tardiness: f64 = 0;
  let setupTotal: f64 = 0;
  let interval = startInterval(machine, free);
  for (let position: i32 = 0; position <= length; position++) {
    run(machine, sequence, position, length, op, clock, previous, tardiness, setupTotal, interval);
    const out = insertionsPtr + <usize>position * 24;
    store<f64>(out, load<f64>(resultPtr));
    store<f64>(out + 8, load<f64>(resultPtr + 8));
    store<f64>(out + 16, load<f64>(resultPtr + 16));
    if (position == length) break;
    // One operation further along the sequence as it stands.
    run(machine, sequence, position, position + 1, -1, clock, previous, tardiness, setupTotal, interval);
    if (!finished) {
      // The sequence itself runs out of calendar here, and so does every insertion after this point.
      for (let later = position + 1; later <= length; later++) {
        const rest = insertionsPtr + <usize>later * 24;
        store<f64>(rest, Infinity);
        store<f64>(rest + 8, load<f64>(resultPtr + 8));
        store<f64>(rest + 16, Infinity);
      }
      break;
    }
    clock = load<f64>(resultPtr + 16);
    previous = resultPrevious;
    tardiness = load<f64>(resultPtr);
    setupTotal = load<f64>(resultPtr + 8);
    interval = resultInterval;
  }
}
