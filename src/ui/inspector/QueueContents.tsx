/**
 * What a RabbitMQ queue holds, asked of the engine every second like the topic's logs: its
 * arguments as RabbitMQ lists them, the ready messages head first (redelivered, delivery count,
 * expiry), the unacknowledged ones per consumer, and the latest messages that left without an
 * ack (dead-lettered, expired, dropped, refused) with the reason. A message asks "why?".
 */
import type { QueueInfo, QueuedMessage } from '../../engine';
import { getEngineClient } from '../../worker/engineClient';
import { openWhyForRabbitMessage } from '../actions/whyActions';
import { formatCount, formatVirtualTime } from '../format';
import { useEngineQuery } from '../hooks/useEngineQuery';
import { useAppStore } from '../store/appStore';

const DEPARTURE_TONE: Record<QueueInfo['departures'][number]['what'], string> = {
  'dead-lettered': 'pill--warn',
  expired: 'pill--warn',
  dropped: 'pill--bad',
  refused: 'pill--bad',
};

function MessageRow({ message, quorum, extra }: { message: QueuedMessage; quorum: boolean; extra?: string }) {
  const key = message.routingKey === '' ? '""' : message.routingKey;
  return (
    <li>
      <button
        type="button"
        className="qmsg"
        aria-label={`Message #${message.msgId}, routing key ${key}: why?`}
        title="Where did it go, and why?"
        onClick={() => openWhyForRabbitMessage(message.msgId)}
      >
        <span className="qmsg__id">#{message.msgId}</span>
        <code className="qmsg__key">{key}</code>
        <span className="qmsg__time">{extra ?? `in at ${formatVirtualTime(message.enqueuedAtMs)}`}</span>
        <span className="qmsg__tags">
          {message.redelivered && <span className="tag tag--warn">redelivered</span>}
          {quorum && message.deliveryCount > 0 && (
            <span className="tag" title="Delivery count, compared with x-delivery-limit">
              {message.deliveryCount} deliver{message.deliveryCount === 1 ? 'y' : 'ies'}
            </span>
          )}
          {message.expiresAtMs !== null && (
            <span className="tag" title="Its TTL runs out then; it is removed when it reaches the head">
              expires {formatVirtualTime(message.expiresAtMs)}
            </span>
          )}
        </span>
      </button>
    </li>
  );
}

export function QueueContents({ nodeId }: { nodeId: string }) {
  const layoutVersion = useAppStore((s) => s.layout?.version ?? 0);
  const info = useEngineQuery<QueueInfo>(() => getEngineClient().inspectQueue(nodeId), nodeId, layoutVersion);
  if (!info) return null;
  const quorum = info.type === 'quorum';
  const byConsumer = new Map<string, QueueInfo['unacked']>();
  for (const m of info.unacked) byConsumer.set(m.consumer, [...(byConsumer.get(m.consumer) ?? []), m]);
  const args = Object.entries(info.arguments);
  return (
    <fieldset className="fieldset qcontents" aria-label="Queue contents">
      <legend>Queue contents</legend>
      <p className="field__hint" data-testid="queue-contents-totals">
        {formatCount(info.readyCount)} ready · {formatCount(info.unacked.length)} unacknowledged
      </p>
      {args.length > 0 && (
        <ul className="qargs" aria-label="Queue arguments">
          {args.map(([k, v]) => (
            <li key={k}>
              <code>
                {k}={String(v)}
              </code>
            </li>
          ))}
        </ul>
      )}
      <h4 className="qcontents__head">Ready, head first</h4>
      {info.ready.length === 0 ? (
        <p className="muted">Empty.</p>
      ) : (
        <ol className="qmsgs" aria-label="Ready messages">
          {info.ready.map((m) => (
            <MessageRow key={m.msgId} message={m} quorum={quorum} />
          ))}
          {info.readyCount > info.ready.length && (
            <li className="qmsgs__more">+{formatCount(info.readyCount - info.ready.length)} more behind</li>
          )}
        </ol>
      )}
      <h4 className="qcontents__head">Unacknowledged, by consumer</h4>
      {byConsumer.size === 0 ? (
        <p className="muted">None.</p>
      ) : (
        [...byConsumer].map(([consumer, messages]) => (
          <div key={consumer} className="qconsumer">
            <span className="qconsumer__label">{consumer}</span>
            <ol className="qmsgs" aria-label={`Unacknowledged by ${consumer}`}>
              {messages.map((m) => (
                <MessageRow
                  key={m.msgId}
                  message={m}
                  quorum={quorum}
                  extra={`delivered at ${formatVirtualTime(m.deliveredAtMs)}`}
                />
              ))}
            </ol>
          </div>
        ))
      )}
      {info.departures.length > 0 && (
        <>
          <h4 className="qcontents__head">Left without an ack</h4>
          <ol className="qdepartures" aria-label="Recent departures">
            {info.departures
              .slice()
              .reverse()
              .map((d, i) => (
                <li key={`${d.msgId}-${i}`}>
                  <button
                    type="button"
                    className="qdeparture"
                    onClick={() => openWhyForRabbitMessage(d.msgId)}
                    aria-label={`Message #${d.msgId} ${d.what}: why?`}
                  >
                    <span className="history__time">{formatVirtualTime(d.atMs)}</span>
                    <span className="qmsg__id">#{d.msgId}</span>
                    <span className={`pill ${DEPARTURE_TONE[d.what]}`}>{d.what}</span>
                    <span className="qdeparture__reason">{d.reason}</span>
                  </button>
                </li>
              ))}
          </ol>
        </>
      )}
    </fieldset>
  );
}
