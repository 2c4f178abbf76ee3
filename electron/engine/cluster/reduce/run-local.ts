// Runs a plan to the end on this thread: every task of every batch, in order.
import type { Plan } from './plan';
import { runTask } from './tasks';

export function runLocal<R>(plan: Plan<R>, signal?: AbortSignal): R {
  for (;;) {
    signal?.throwIfAborted();
    const step = plan.next();
    if (step.done) return step.value;
    for (let t = 0; t < step.value.count; t++) runTask(step.value, t);
  }
}
