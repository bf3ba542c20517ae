/**
 * Passes `value` on `delayMs` later, in its own task: sibling views that are each slow to
 * re-render (the three Recharts charts, ~10 ms each) then update in different frames instead of
 * one long frame.
 */
import { startTransition, useEffect, useState } from 'react';

export function useStaggered<T>(value: T, delayMs: number): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => startTransition(() => setShown(() => value)), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return shown;
}
