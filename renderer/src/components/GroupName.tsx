// A group's name, edited in place: click it (or F2 on its header), type, Enter keeps the new name, Escape keeps the
// old one. Whether it is being edited is held by the grid, so that the keyboard can start it too.
import { useEffect, useRef, useState } from 'react';

interface Props {
  name: string;
  /** Unsorted and Excluded cannot be renamed. */
  editable: boolean;
  editing: boolean;
  onStart: () => void;
  /** The typed name, or null when the edit was abandoned. */
  onEnd: (name: string | null) => void;
}

export function GroupName({ name, editable, editing, onStart, onEnd }: Props) {
  const [text, setText] = useState(name);
  // Enter and Escape end the edit before the input loses focus; the blur that follows must not commit again.
  const ended = useRef(false);
  useEffect(() => {
    if (editing) {
      ended.current = false;
      setText(name);
    }
  }, [editing, name]);

  if (!editable) return <span className="group-name static">{name}</span>;
  if (!editing) {
    return (
      <button type="button" tabIndex={-1} className="group-name" data-testid="group-name" title="Click to rename (F2)" onClick={onStart}>
        {name}
      </button>
    );
  }
  const finish = (commit: boolean) => {
    if (ended.current) return;
    ended.current = true;
    onEnd(commit ? text : null);
  };
  return (
    <input
      className="group-name-input"
      data-testid="group-name-input"
      aria-label={`New name for ${name}`}
      autoFocus
      value={text}
      maxLength={200}
      onChange={(e) => setText(e.target.value)}
      onFocus={(e) => e.target.select()}
      onKeyDown={(e) => {
        if (e.key === 'Enter') finish(true);
        else if (e.key === 'Escape') finish(false);
        e.stopPropagation(); // typing a name is not a shortcut
      }}
      onBlur={() => finish(true)}
    />
  );
}
