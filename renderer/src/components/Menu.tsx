// Menus in the WAI-ARIA menu pattern: a menu button (Enter, Space or ↓ open it on the first item, ↑ on the last)
// and a context menu (right click, Shift+F10, the Menu key) share one popup. Inside, ↑/↓ move (wrapping), Home and
// End jump, typing a letter goes to the next item starting with it, Enter or Space choose, Escape or Tab close.
// Nothing happens until an item is chosen; focus goes back to where it was when the menu closes.
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

export interface MenuItem {
  id: string;
  label: string;
  /** Shown at the right (a shortcut). */
  hint?: string;
  disabled?: boolean;
  /** A choice among several (menuitemradio): checked or not. */
  checked?: boolean;
  /** A line before the item. */
  separator?: boolean;
  onSelect: () => void;
}

export interface MenuAnchor {
  x: number;
  y: number;
  /** Open upwards from y (a menu button near the bottom of the window). */
  alignBottom?: number;
}

interface MenuProps {
  label: string;
  items: MenuItem[];
  anchor: MenuAnchor;
  /** Which item has focus first. */
  start?: 'first' | 'last';
  /** After an item is chosen, Escape, Tab or a click elsewhere. */
  onClose: () => void;
  /** Where focus goes back to (default: where it was when the menu opened). */
  returnFocus?: () => void;
  testId?: string;
}

export function Menu({ label, items, anchor, start = 'first', onClose, returnFocus, testId }: MenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  const opener = useRef<Element | null>(document.activeElement);
  const [active, setActive] = useState(() => firstEnabled(items, start));
  const [pos, setPos] = useState<{ left: number; top: number }>({ left: anchor.x, top: anchor.y });
  const typed = useRef({ text: '', at: 0 });

  const close = (restore: boolean) => {
    onClose();
    if (!restore) return;
    if (returnFocus) returnFocus();
    else (opener.current as HTMLElement | null)?.focus?.({ preventScroll: true });
  };

  // Kept inside the window: flipped left or up when it would overflow.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const r = el.getBoundingClientRect();
    let left = anchor.x;
    let top = anchor.y;
    if (left + r.width > window.innerWidth - 4) left = Math.max(4, window.innerWidth - r.width - 4);
    if (anchor.alignBottom !== undefined && top + r.height > window.innerHeight - 4) top = Math.max(4, anchor.alignBottom - r.height);
    else if (top + r.height > window.innerHeight - 4) top = Math.max(4, window.innerHeight - r.height - 4);
    setPos({ left, top });
  }, [anchor.x, anchor.y, anchor.alignBottom]);

  useEffect(() => {
    ref.current?.querySelector<HTMLElement>(`[data-index="${active}"]`)?.focus({ preventScroll: false });
  }, [active]);

  useEffect(() => {
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) close(false);
    };
    window.addEventListener('mousedown', onDown, true);
    return () => window.removeEventListener('mousedown', onDown, true);
  });

  const choose = (i: number) => {
    const item = items[i];
    if (!item || item.disabled) return;
    close(true);
    item.onSelect();
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const n = items.length;
    const step = (from: number, d: number) => (from + d + n) % n;
    switch (e.key) {
      case 'ArrowDown':
        setActive((a) => step(a, 1));
        break;
      case 'ArrowUp':
        setActive((a) => step(a, -1));
        break;
      case 'Home':
        setActive(0);
        break;
      case 'End':
        setActive(n - 1);
        break;
      case 'Enter':
      case ' ':
        choose(active);
        break;
      case 'Escape':
        close(true);
        break;
      case 'Tab':
        close(true);
        break;
      default:
        if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
          const now = Date.now();
          typed.current = { text: now - typed.current.at < 700 ? typed.current.text + e.key.toLowerCase() : e.key.toLowerCase(), at: now };
          const t = typed.current.text;
          const order = [...items.keys()].map((k) => (active + 1 + k) % n);
          const hit = order.find((i) => items[i].label.toLowerCase().startsWith(t)) ?? order.find((i) => items[i].label.toLowerCase().startsWith(t[0]));
          if (hit !== undefined) setActive(hit);
          break;
        }
        return;
    }
    e.preventDefault();
    e.stopPropagation();
  };

  return createPortal(
    <div
      ref={ref}
      className="menu"
      role="menu"
      aria-label={label}
      data-testid={testId}
      style={{ left: pos.left, top: pos.top }}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
    >
      {items.map((item, i) => (
        <MenuRow key={item.id} item={item} index={i} active={i === active} onHover={() => setActive(i)} onChoose={() => choose(i)} />
      ))}
    </div>,
    document.body,
  );
}

function MenuRow({ item, index, active, onHover, onChoose }: { item: MenuItem; index: number; active: boolean; onHover: () => void; onChoose: () => void }) {
  const radio = item.checked !== undefined;
  return (
    <>
      {item.separator && <div role="separator" className="menu-separator" />}
      <div
        role={radio ? 'menuitemradio' : 'menuitem'}
        aria-checked={radio ? item.checked : undefined}
        aria-disabled={item.disabled || undefined}
        tabIndex={active ? 0 : -1}
        data-index={index}
        data-testid="menu-item"
        className={`menu-item${item.disabled ? ' disabled' : ''}`}
        onMouseMove={active ? undefined : onHover}
        onClick={onChoose}
      >
        <span className="menu-check" aria-hidden="true">
          {radio ? (item.checked ? '●' : '') : ''}
        </span>
        <span className="menu-label">{item.label}</span>
        {item.hint && (
          <span className="menu-hint" aria-hidden="true">
            {item.hint}
          </span>
        )}
      </div>
    </>
  );
}

function firstEnabled(items: MenuItem[], from: 'first' | 'last'): number {
  const order = from === 'first' ? [...items.keys()] : [...items.keys()].reverse();
  return order.find((i) => !items[i].disabled) ?? 0;
}

interface MenuButtonProps {
  label: ReactNode;
  /** The menu's accessible name (and the button's, when `label` is an icon). */
  menuLabel: string;
  items: () => MenuItem[];
  disabled?: boolean;
  className?: string;
  title?: string;
  testId?: string;
  id?: string;
  /** Opened from outside (a shortcut): the parent holds whether it is open. */
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  ariaLabel?: string;
}

/** A button that opens a menu (aria-haspopup), the menu anchored below it (above it near the bottom of the window). */
export function MenuButton(p: MenuButtonProps) {
  const button = useRef<HTMLButtonElement>(null);
  const [own, setOwn] = useState<null | 'first' | 'last'>(null);
  const open = p.open !== undefined ? (p.open ? own ?? 'first' : null) : own;
  const setOpen = (v: null | 'first' | 'last') => {
    setOwn(v);
    p.onOpenChange?.(v !== null);
  };
  const rect = open ? button.current?.getBoundingClientRect() : undefined;
  return (
    <>
      <button
        ref={button}
        id={p.id}
        type="button"
        className={p.className}
        aria-haspopup="menu"
        aria-expanded={open !== null}
        aria-label={p.ariaLabel}
        disabled={p.disabled}
        title={p.title}
        data-testid={p.testId}
        onClick={() => setOpen(open ? null : 'first')}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            setOpen(e.key === 'ArrowDown' ? 'first' : 'last');
          }
        }}
      >
        {p.label}
      </button>
      {open && rect && (
        <Menu
          label={p.menuLabel}
          items={p.items()}
          anchor={{ x: rect.left, y: rect.bottom + 2, alignBottom: rect.top - 2 }}
          start={open}
          onClose={() => setOpen(null)}
          returnFocus={() => button.current?.focus({ preventScroll: true })}
          testId={p.testId ? `${p.testId}-menu` : undefined}
        />
      )}
    </>
  );
}
