/**
 * The shape of both kernels' answer: PRICED_FIELDS numbers per position (f64 in the WebAssembly
 * kernel's memory, at these same offsets). Plain constants only: the AssemblyScript kernel imports
 * this file too.
 */
export const PRICED_TARDINESS = 0;
export const PRICED_SETUP = 1;
export const PRICED_COMPLETION = 2;
/** Campaigns opened beyond a week's limit. */
export const PRICED_VIOLATIONS = 3;
export const PRICED_FIELDS = 4;
