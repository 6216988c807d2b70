import { useEffect, useState } from 'preact/hooks';

/** The value as it was `ms` milliseconds after it last changed: typing stays fluid while a search waits. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return settled;
}
