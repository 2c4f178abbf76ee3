// The overview of every group: its cover photo, name and size, in the grid's order (a listbox: one tab stop,
// ↑/↓, Home/End and typing move, Enter or a click jumps the grid there). The group at the top of the grid is the
// selected option. Photos dragged from the grid can be dropped on a group here.
import { useEffect, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { formatCount } from '../logic/format';
import type { Section } from '../logic/sections';
import { DRAG_TYPE } from './GroupGrid';

interface Props {
  sections: Section[];
  /** The section at the top of the grid. */
  current: string | null;
  onJump: (section: Section) => void;
  onDrop: (section: Section) => void;
}

export function Overview({ sections, current, onJump, onDrop }: Props) {
  const list = useRef<HTMLUListElement>(null);
  const [active, setActive] = useState(0);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const typed = useRef({ text: '', at: 0 });
  const at = Math.min(active, Math.max(0, sections.length - 1));

  // The option the keyboard is on stays in view.
  useEffect(() => {
    list.current?.querySelector(`[data-index="${at}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [at]);

  function onKeyDown(e: KeyboardEvent) {
    const n = sections.length;
    if (!n) return;
    let next: number | null = null;
    if (e.key === 'ArrowDown') next = Math.min(n - 1, at + 1);
    else if (e.key === 'ArrowUp') next = Math.max(0, at - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = n - 1;
    else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onJump(sections[at]);
      return;
    } else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      const now = Date.now();
      typed.current = { text: now - typed.current.at < 700 ? typed.current.text + e.key.toLowerCase() : e.key.toLowerCase(), at: now };
      const order = [...sections.keys()].map((k) => (at + 1 + k) % n);
      const hit = order.find((i) => sections[i].name.toLowerCase().startsWith(typed.current.text));
      if (hit !== undefined) next = hit;
    }
    if (next !== null) {
      e.preventDefault();
      setActive(next);
    }
  }

  const drop = (s: Section) => ({
    onDragOver: (e: DragEvent) => {
      if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
      if (dropTarget !== s.key) setDropTarget(s.key);
    },
    onDragLeave: () => setDropTarget((d) => (d === s.key ? null : d)),
    onDrop: (e: DragEvent) => {
      if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
      e.preventDefault();
      setDropTarget(null);
      onDrop(s);
    },
  });

  return (
    <nav className="overview" aria-label="Groups overview" data-testid="overview">
      <h2 className="overview-title" id="overview-title">
        Groups <span className="hint">{formatCount(sections.filter((s) => s.kind === 'group').length)}</span>
      </h2>
      <ul
        ref={list}
        role="listbox"
        aria-labelledby="overview-title"
        tabIndex={0}
        aria-activedescendant={sections.length ? `overview-${at}` : undefined}
        onKeyDown={onKeyDown}
      >
        {sections.map((s, i) => {
          const cover = s.photos[0];
          return (
            <li
              key={s.key}
              id={`overview-${i}`}
              role="option"
              aria-selected={s.key === current}
              data-index={i}
              data-testid="overview-item"
              data-group={s.id ?? s.key}
              className={`overview-item${i === at ? ' active' : ''}${dropTarget === s.key ? ' drop-target' : ''} ${s.kind}`}
              onClick={() => {
                setActive(i);
                onJump(s);
              }}
              {...drop(s)}
            >
              {cover ? <img src={cover.thumb} alt="" loading="lazy" decoding="async" /> : <span className="cover-empty" />}
              <span className="overview-name">{s.name}</span>
              <span className="overview-count">{formatCount(s.photos.length)}</span>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
