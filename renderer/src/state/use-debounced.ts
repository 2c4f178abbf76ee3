// Calls `fn` once the value has stopped changing for `ms`: the granularity slider and a typed destination path
// ask the engine once per pause, not once per pixel or keystroke.
import { useEffect, useRef } from 'react';

export function useDebouncedEffect<T>(value: T, ms: number, fn: (value: T) => void, skipFirst = true): void {
  const first = useRef(skipFirst);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const t = setTimeout(() => fnRef.current(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
}
