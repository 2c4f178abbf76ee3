// Every operation of a plan, virtualized (a plan may hold 100,000 files); renamed files and companions marked.
import { useMemo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { PlannedOperation } from '../../../electron/ipc/contract';
import { relativeTo, sortedOperations } from '../logic/plan-summary';

const ROW = 28;

/** `target` is where the group folders go: destinations are shown below it. */
export function PlanList({ operations, target }: { operations: PlannedOperation[]; target: string }) {
  const ops = useMemo(() => sortedOperations(operations), [operations]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: ops.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 10 });
  return (
    <div className="plan-list" ref={scroller} role="list" aria-label="Operations" data-testid="plan-list" tabIndex={0}>
      <div className="plan-list-inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const op = ops[item.index];
          return (
            <div key={item.key} role="listitem" className="plan-op" style={{ transform: `translateY(${item.start}px)`, height: ROW }} data-testid="plan-op">
              <span className="from" title={op.from}>
                {op.from}
              </span>
              <span className="arrow" aria-hidden="true">
                →
              </span>
              <span className="to" title={op.to}>
                {relativeTo(target, op.to)}
              </span>
              {op.renamed && (
                <span className="tag warn" title="Renamed so that no existing file is overwritten">
                  renamed
                </span>
              )}
              {op.companionOf && (
                <span className="tag" title={`Travels with ${op.companionOf}`}>
                  companion
                </span>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
