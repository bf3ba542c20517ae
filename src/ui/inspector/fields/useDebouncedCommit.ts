/**
 * Commits a field's value shortly after typing stops, at once on blur or Enter, and keeps the
 * error the commit returned. Typing "12" into a number field is then one edit, not two.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

/** Returns an error message, or null when the value was accepted. */
export type Commit<T> = (value: T) => string | null;

const DELAY_MS = 400;

export function useDebouncedCommit<T>(commit: Commit<T>): {
  error: string | null;
  schedule(value: T, immediateError?: string | null): void;
  flush(): void;
} {
  const [error, setError] = useState<string | null>(null);
  const pending = useRef<{ value: T } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const commitRef = useRef(commit);
  useEffect(() => {
    commitRef.current = commit;
  });

  const flush = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const next = pending.current;
    pending.current = null;
    if (next) setError(commitRef.current(next.value));
  }, []);

  const schedule = useCallback(
    (value: T, immediateError: string | null = null) => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
      if (immediateError) {
        pending.current = null;
        setError(immediateError);
        return;
      }
      pending.current = { value };
      timer.current = setTimeout(flush, DELAY_MS);
    },
    [flush],
  );

  // A pending edit is committed, not lost, when the field goes away (e.g. selection moves on).
  useEffect(() => flush, [flush]);
  return { error, schedule, flush };
}
