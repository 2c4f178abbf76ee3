// Which photos are selected after a click, shift-click or ctrl/cmd-click, and after the view changes.
// Photos are keyed by path (exact duplicates share a content hash but are separate files on screen).
// Pure logic, unit-tested in test/renderer-selection.test.ts.

export interface Selection {
  selected: ReadonlySet<string>;
  /** The photo a shift-click range starts from: the last plain or ctrl click. */
  anchor: string | null;
}

export const emptySelection: Selection = { selected: new Set(), anchor: null };

export interface ClickModifiers {
  /** Shift: select the range from the anchor to here. */
  range: boolean;
  /** Ctrl (Cmd on macOS): add or remove this one, keep the others. */
  toggle: boolean;
}

/** `order` is every visible photo in screen order, so a range may cross group boundaries as it does on screen. */
export function clickSelect(sel: Selection, order: readonly string[], key: string, mods: ClickModifiers): Selection {
  if (mods.range && sel.anchor !== null) {
    const a = order.indexOf(sel.anchor);
    const b = order.indexOf(key);
    if (a >= 0 && b >= 0) {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      const next = mods.toggle ? new Set(sel.selected) : new Set<string>();
      for (let i = lo; i <= hi; i++) next.add(order[i]);
      return { selected: next, anchor: sel.anchor };
    }
  }
  if (mods.toggle) return { selected: toggleKey(sel.selected, key), anchor: key };
  return { selected: new Set([key]), anchor: key };
}

/** After a new view arrives: drop photos that are no longer shown (moved files keep their path, so they stay). */
export function pruneSelection(sel: Selection, visible: ReadonlySet<string>): Selection {
  let changed = false;
  const next = new Set<string>();
  for (const k of sel.selected) {
    if (visible.has(k)) next.add(k);
    else changed = true;
  }
  const anchor = sel.anchor !== null && visible.has(sel.anchor) ? sel.anchor : null;
  if (!changed && anchor === sel.anchor) return sel;
  return { selected: next, anchor };
}

/** Toggles one group's checkbox (groups are selected for Merge independently of photos). */
export function toggleKey(set: ReadonlySet<string>, key: string): Set<string> {
  const next = new Set(set);
  if (next.has(key)) next.delete(key);
  else next.add(key);
  return next;
}

/**
 * Where the keyboard should be after acting on `acted` (moved or excluded away from here): the first photo after
 * `current` in screen order that was not acted on, else the last one before it; null when none is left.
 */
export function placeAfterActing(order: readonly string[], acted: ReadonlySet<string>, current: string | null): string | null {
  const at = current === null ? -1 : order.indexOf(current);
  if (current !== null && at >= 0 && !acted.has(current)) return current;
  for (let i = Math.max(0, at); i < order.length; i++) if (!acted.has(order[i])) return order[i];
  for (let i = Math.min(order.length - 1, at); i >= 0; i--) if (!acted.has(order[i])) return order[i];
  return null;
}
