/** Opens the "Why here?" panel for a record (a partition cell) or a message (a moving dot). */
import type { RecordInfo } from '../../engine';
import { getEngineClient } from '../../worker/engineClient';
import { useAppStore } from '../store/appStore';

let request = 0;

async function show(subject: string, fetchInfo: () => Promise<RecordInfo | null>): Promise<void> {
  const mine = ++request;
  const { setWhy } = useAppStore.getState();
  setWhy({ status: 'loading', subject });
  try {
    const info = await fetchInfo();
    if (mine !== request) return;
    setWhy(
      info
        ? { status: 'ready', subject, info }
        : { status: 'missing', subject, message: 'This record is no longer in the simulation (the run restarted).' },
    );
  } catch (error) {
    if (mine !== request) return;
    setWhy({ status: 'missing', subject, message: error instanceof Error ? error.message : String(error) });
  }
}

export function openWhyForRecord(topicNodeId: string, topic: string, partition: number, offset: number): void {
  void show(`${topic}-${partition} @ offset ${offset}`, () =>
    getEngineClient().inspectRecord(topicNodeId, partition, offset),
  );
}

export function openWhyForMessage(msgId: number): void {
  void show(`message #${msgId}`, () => getEngineClient().inspectMessage(msgId));
}

export function closeWhy(): void {
  request++;
  useAppStore.getState().setWhy({ status: 'closed' });
}
