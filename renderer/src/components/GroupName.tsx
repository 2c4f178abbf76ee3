// A group's name, edited in place: click it, type, Enter keeps the new name, Escape keeps the old one.
import { useRef, useState } from 'react';

interface Props {
  name: string;
  /** Unsorted and Excluded cannot be renamed. */
  editable: boolean;
  onRename: (name: string) => void;
}

export function GroupName({ name, editable, onRename }: Props) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(name);
  // Enter and Escape end the edit before the input loses focus; the blur that follows must not commit again.
  const ended = useRef(false);

  if (!editable) return <span className="group-name static">{name}</span>;
  if (!editing) {
    return (
      <button
        type="button"
        className="group-name"
        data-testid="group-name"
        title="Click to rename"
        onClick={() => {
          ended.current = false;
          setText(name);
          setEditing(true);
        }}
      >
        {name}
      </button>
    );
  }
  const finish = (commit: boolean) => {
    if (ended.current) return;
    ended.current = true;
    setEditing(false);
    if (commit) onRename(text);
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
