/**
 * Reads a slice of the store at most every `intervalMs`: for views that cost more than a frame
 * can afford (a chart redraw), while the store itself moves at 30 Hz.
 */
import { useEffect, useState } from 'react';
import { useAppStore, type AppState } from '../store/appStore';

export function useThrottledStore<T>(selector: (s: AppState) => T, intervalMs: number): T {
  const [value, setValue] = useState(() => selector(useAppStore.getState()));
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let latest = selector(useAppStore.getState());
    const publish = () => {
      timer = null;
      last = performance.now();
      setValue(() => latest);
    };
    publish();
    const unsubscribe = useAppStore.subscribe((state) => {
      const next = selector(state);
      if (Object.is(next, latest)) return;
      latest = next;
      if (timer) return;
      const wait = intervalMs - (performance.now() - last);
      if (wait <= 0) publish();
      else timer = setTimeout(publish, wait);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [selector, intervalMs]);
  return value;
}
