// The APS inner loop in AssemblyScript: time one machine's sequence with sequence-dependent
// setups and a working calendar, and price it. The instance lives in linear memory (laid out by
// src/engine/aps/kernel/layout.ts); a call passes only the machine and the sequence.
// The plain-TypeScript reference (src/engine/aps/kernel/reference.ts) must agree to the bit.

let operations: i32 = 0;
let machines: i32 = 0;
let groups: i32 = 0;
let duePtr: usize = 0;
let weightPtr: usize = 0;
let releasePtr: usize = 0;
let groupPtr: usize = 0;
let workPtr: usize = 0;
let setupPtr: usize = 0;
let initialPtr: usize = 0;
let calendarOffsetPtr: usize = 0;
let calendarStartPtr: usize = 0;
let calendarEndPtr: usize = 0;
let calendarBeforePtr: usize = 0;
let endPtr: usize = 0;
// [setup, completion] of the last call, read by the caller through a view of its own.
let resultPtr: usize = 0;


export function reserve(bytes: i32): usize {
  return heap.alloc(<usize>bytes);
}

export function configure(
  n: i32, m: i32, g: i32,
  due: usize, weight: usize, release: usize, group: usize, work: usize, setup: usize, initial: usize,
  calendarOffset: usize, calendarStart: usize, calendarEnd: usize, calendarBefore: usize, ends: usize, result: usize,
): void {
  operations = n; machines = m; groups = g;
  duePtr = due; weightPtr = weight; releasePtr = release; groupPtr = group; workPtr = work;
  setupPtr = setup; initialPtr = initial;
  calendarOffsetPtr = calendarOffset; calendarStartPtr = calendarStart; calendarEndPtr = calendarEnd; calendarBeforePtr = calendarBefore;
  endPtr = ends;
  resultPtr = result;
}

@inline function f64At(base: usize, index: i32): f64 {
  return load<f64>(base + (<usize>index << 3));
}

@inline function i32At(base: usize, index: i32): i32 {
  return load<i32>(base + (<usize>index << 2));
}

/** Index of the last interval in [first, last) starting at or before `instant`, or first - 1. */
function intervalAtOrBefore(first: i32, last: i32, instant: f64): i32 {
  let low = first;
  let high = last - 1;
  let found = first - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (f64At(calendarStartPtr, mid) <= instant) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/** The calendar runs out before the sequence is done. */
function unfinished(setupTotal: f64): f64 {
  return finish(setupTotal, Infinity, Infinity);
}

@inline function finish(setupTotal: f64, completion: f64, tardiness: f64): f64 {
  store<f64>(resultPtr, setupTotal);
  store<f64>(resultPtr + 8, completion);
  return tardiness;
}

/** Time one sequence (operation indices at `sequence`) on `machine` from `free`; returns weighted tardiness. */
export function timeSequence(machine: i32, sequence: usize, length: i32, free: f64): f64 {
  const first = i32At(calendarOffsetPtr, machine);
  const last = i32At(calendarOffsetPtr, machine + 1);
  const unlimited = first == last;
  let t = free;
  let previous: i32 = -1;
  let tardiness: f64 = 0;
  let setupTotal: f64 = 0;
  for (let position: i32 = 0; position < length; position++) {
    const op = i32At(sequence, position);
    const grp = i32At(groupPtr, op);
    const setup = previous < 0
      ? f64At(initialPtr, machine * groups + grp)
      : previous == grp ? 0.0 : f64At(setupPtr, (machine * groups + previous) * groups + grp);
    const work = Math.ceil(setup + f64At(workPtr, machine * operations + op) - 1e-9);
    let ready = Math.max(t, f64At(releasePtr, op));
    let end: f64;
    if (unlimited) end = ready + work;
    else {
      // Next working instant, then add the work pausing outside shifts, via the running totals.
      let i = intervalAtOrBefore(first, last, ready);
      if (i < first || ready >= f64At(calendarEndPtr, i)) {
        i++;
        if (i >= last) return unfinished(setupTotal);
        ready = f64At(calendarStartPtr, i);
      }
      const target = f64At(calendarBeforePtr, i) + (ready - f64At(calendarStartPtr, i)) + work;
      let low = i;
      let high = last - 1;
      if (f64At(calendarBeforePtr, high) + (f64At(calendarEndPtr, high) - f64At(calendarStartPtr, high)) < target) return unfinished(setupTotal);
      while (low < high) {
        const mid = (low + high) >> 1;
        if (f64At(calendarBeforePtr, mid) + (f64At(calendarEndPtr, mid) - f64At(calendarStartPtr, mid)) >= target) high = mid;
        else low = mid + 1;
      }
      end = f64At(calendarStartPtr, low) + (target - f64At(calendarBeforePtr, low));
    }
    store<f64>(endPtr + (<usize>position << 3), end);
    const late = end - f64At(duePtr, op);
    if (late > 0) tardiness += late * f64At(weightPtr, op);
    setupTotal += setup;
    t = end;
    previous = grp;
  }
  return finish(setupTotal, t, tardiness);
}
