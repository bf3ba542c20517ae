/**
 * Asks the engine something (a group's history, a topic's logs) now, again every second while the
 * component shows it, and again when the run restarts or `version` moves; the latest answer wins.
 */
import { useEffect, useState } from 'react';
import { useAppStore } from '../store/appStore';

const REFRESH_MS = 1000;

export function useEngineQuery<T>(query: () => Promise<T | null>, key: string, version = 0): T | null {
  const [answer, setAnswer] = useState<T | null>(null);
  const runId = useAppStore((s) => s.runId);
  useEffect(() => {
    let live = true;
    const load = () =>
      void query()
        .then((next) => {
          if (live) setAnswer(next);
        })
        .catch(() => undefined);
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
    // `query` is a fresh closure each render; `key` names what it asks.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, version, runId]);
  return answer;
}
