/** Figures the benches print: the middle of several runs (the lower middle of an even count), where the machine's noise matters. */
export const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
