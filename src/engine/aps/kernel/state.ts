/**
 * A machine's clock state between two operations, as both kernels keep it in a vector of
 * numbers (f64 in the WebAssembly kernel's memory, at these same indices). Plain constants only:
 * the AssemblyScript kernel imports this file too.
 */
export const CLOCK = 0;
/** The last operation's changeover group (the setup matrix's first-operation row on an idle machine). */
export const PREVIOUS = 1;
export const TARDINESS = 2;
export const SETUP = 3;
/** The first calendar interval ending after the clock. */
export const INTERVAL = 4;
/** The day of the last allergen cleaning, and how many the machine started that day. */
export const CLEANING_DAY = 5;
export const CLEANINGS = 6;
/** The campaign order's rank of the last ranked operation, -1 before any. */
export const RANK = 7;
/** The week of the last campaign opened, and how many the machine opened that week. */
export const CAMPAIGN_WEEK = 8;
export const CAMPAIGNS = 9;
export const VIOLATIONS = 10;
export const STATE_FIELDS = 11;
/** Numbers per position in `priceInsertions`' answer: weighted tardiness, total setup, completion, campaign violations. */
export const PRICED_FIELDS = 4;
