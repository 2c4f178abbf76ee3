// A modal dialog: an opaque or dimmed backdrop, focus moved in on opening and kept inside (Tab and Shift+Tab
// cycle through the dialog's controls), Escape closes, and focus goes back to where it was on closing.
import { useEffect, useLayoutEffect, useRef, type ReactNode } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

interface Props {
  /** Id of the element naming the dialog, or its name. */
  labelledBy?: string;
  label?: string;
  className?: string;
  /** 'opaque' for the photo preview: nothing of the grid shows through. */
  backdrop?: 'dim' | 'opaque';
  testId?: string;
  /** Escape; return false to keep the dialog open. */
  onClose: () => void;
  /** The element to focus first (a selector inside the dialog); else the first control, else the dialog. */
  initialFocus?: string;
  /** Give focus back to what had it on opening (default); false when the caller puts it somewhere itself. */
  restoreFocus?: boolean;
  children: ReactNode;
}

/** The focusable elements inside `root`, in tab order, visible ones only. */
export function focusablesIn(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
}

/** Keeps Tab inside `root`; returns true when it moved focus. */
export function trapTab(e: { key: string; shiftKey: boolean; preventDefault(): void }, root: HTMLElement): boolean {
  if (e.key !== 'Tab') return false;
  const items = focusablesIn(root);
  if (!items.length) {
    e.preventDefault();
    root.focus();
    return true;
  }
  const first = items[0];
  const last = items[items.length - 1];
  const active = document.activeElement;
  if (e.shiftKey && (active === first || active === root || !root.contains(active))) {
    e.preventDefault();
    last.focus();
    return true;
  }
  if (!e.shiftKey && (active === last || !root.contains(active))) {
    e.preventDefault();
    first.focus();
    return true;
  }
  return false;
}

/** Remembers what had focus when the component mounted and gives it back when it unmounts. */
export function useRestoreFocus(enabled = true): void {
  const opener = useRef<Element | null>(null);
  useLayoutEffect(() => {
    opener.current = document.activeElement;
    return () => {
      if (!enabled) return;
      const el = opener.current as HTMLElement | null;
      if (el && el.isConnected) el.focus({ preventScroll: true });
      // Re-rendered in between: look for it by id once the dialog is gone.
      else if (el?.id) setTimeout(() => document.getElementById(el.id)?.focus({ preventScroll: true }), 0);
    };
  }, [enabled]);
}

export function Dialog({ labelledBy, label, className, backdrop = 'dim', testId, onClose, initialFocus, restoreFocus = true, children }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useRestoreFocus(restoreFocus);
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    const first = (initialFocus && root.querySelector<HTMLElement>(initialFocus)) || focusablesIn(root)[0] || root;
    first.focus({ preventScroll: true });
  }, [initialFocus]);
  return (
    <div className={`overlay ${backdrop}`}>
      <div
        ref={ref}
        className={`dialog ${className ?? ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={labelledBy}
        aria-label={labelledBy ? undefined : label}
        tabIndex={-1}
        data-testid={testId}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            e.preventDefault();
            onClose();
            return;
          }
          if (ref.current) trapTab(e, ref.current);
        }}
      >
        {children}
      </div>
    </div>
  );
}
