/**
 * Opens the "Why here?" panel for a record (a partition cell), a Kafka message (a moving dot) or a
 * RabbitMQ message (a dot on a RabbitMQ edge, a row of a queue's contents).
 */
import type { RabbitMessageInfo, RecordInfo } from '../../engine';
import { getEngineClient } from '../../worker/engineClient';
import { useAppStore } from '../store/appStore';
import type { WhyState } from '../store/uiSlice';
import { isRabbitMove } from './rabbitMove';

let request = 0;

async function show<T>(
  subject: string,
  fetchInfo: () => Promise<T | null>,
  ready: (info: T) => WhyState,
  noun = 'record',
) {
  const mine = ++request;
  const { setWhy } = useAppStore.getState();
  setWhy({ status: 'loading', subject });
  try {
    const info = await fetchInfo();
    if (mine !== request) return;
    setWhy(
      info !== null
        ? ready(info)
        : { status: 'missing', subject, message: `This ${noun} is no longer in the simulation (the run restarted).` },
    );
  } catch (error) {
    if (mine !== request) return;
    setWhy({ status: 'missing', subject, message: error instanceof Error ? error.message : String(error) });
  }
}

export function openWhyForRecord(topicNodeId: string, topic: string, partition: number, offset: number): void {
  const subject = `${topic}-${partition} @ offset ${offset}`;
  void show<RecordInfo>(
    subject,
    () => getEngineClient().inspectRecord(topicNodeId, partition, offset),
    (info) => ({ status: 'ready', subject, info }),
  );
}

export function openWhyForMessage(msgId: number): void {
  const subject = `message #${msgId}`;
  void show<RecordInfo>(
    subject,
    () => getEngineClient().inspectMessage(msgId),
    (info) => ({ status: 'ready', subject, info }),
  );
}

export function openWhyForRabbitMessage(msgId: number): void {
  const subject = `message #${msgId}`;
  void show<RabbitMessageInfo>(
    subject,
    () => getEngineClient().inspectRabbitMessage(msgId),
    (info) => ({ status: 'rabbit', subject, info }),
    'message',
  );
}

/** A click on a moving dot: the Kafka or the RabbitMQ answer, by the edge it travels. */
export function openWhyForMove(move: { msgId: number; kind: string; from: string; to: string }): void {
  const nodes = useAppStore.getState().scenario.nodes;
  const kindOf = (id: string) => nodes.find((n) => n.id === id)?.kind;
  if (isRabbitMove(move, kindOf)) openWhyForRabbitMessage(move.msgId);
  else openWhyForMessage(move.msgId);
}

export function closeWhy(): void {
  request++;
  useAppStore.getState().setWhy({ status: 'closed' });
}
