/**
 * What a thread of the week pool runs (weekPool.ts): the factory once, then weeks of plans, each
 * scheduled as the closed loop's check schedules it in its own thread (masterPlan/flow.ts,
 * scheduleWeekFlow). The host (Node worker thread, Web Worker) posts and receives the messages.
 */
import { FactoryCalendars } from '../domain/capacity';
import type { Factory } from '../domain/types';
import type { KernelLayout, SequenceKernel } from '../engine/aps/kernel/layout';
import { scheduleWeekFlow } from '../engine/masterPlan/flow';
import type { FromFlowWeekThread, ToFlowWeekThread } from './flowWeekProtocol';

export function serveFlowWeeks(post: (message: FromFlowWeekThread) => void, kernelFactory: ((layout: KernelLayout) => SequenceKernel) | undefined): (message: ToFlowWeekThread) => void {
  let factory: Factory | undefined;
  let calendars: FactoryCalendars | undefined;
  return (message) => {
    if (message.kind === 'factory') {
      factory = message.factory;
      calendars = new FactoryCalendars(factory);
      return;
    }
    try {
      if (!factory || !calendars) throw new Error('no factory was sent to this thread before its first week');
      const dues = new Map(message.dues);
      post({ kind: 'week', id: message.id, flow: scheduleWeekFlow(factory, message.plan, message.week, message.search, { calendars, dues, ...(kernelFactory ? { kernelFactory } : {}) }) });
    } catch (error) {
      post({ kind: 'error', id: message.id, message: error instanceof Error ? error.message : String(error) });
    }
  };
}
