/** Messages between the closed loop and the threads that schedule its released weeks side by side (weekPool.ts, flowWeekThread.ts). */
import type { Factory, Plan } from '../domain/types';
import type { WeekFlow, WeekSearch } from '../engine/masterPlan/flow';

/**
 * A week goes with the plan's production of that week alone and its lots' firm-order due dates
 * (instance.ts, firmOrderDues, read from the whole plan's stock): an L plan document takes 35 ms
 * to copy to a thread, its production of one week well under one.
 */
export type ToFlowWeekThread = { kind: 'factory'; factory: Factory } | { kind: 'week'; id: number; plan: Plan; dues: [string, number][]; week: number; search: WeekSearch };

export type FromFlowWeekThread = { kind: 'week'; id: number; flow: WeekFlow } | { kind: 'error'; id: number; message: string };
