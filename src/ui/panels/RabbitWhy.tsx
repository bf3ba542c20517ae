/**
 * "Why here?" for a RabbitMQ message: its routing key and headers, each binding's verdict and
 * reason, its fate in every queue it reached (dead-lettering can add queues), its x-death header,
 * its RPC properties (reply_to, correlation_id, the request a reply answers), and its life so far.
 * Keys, headers, bodies and queue names are user text, rendered as text only.
 */
import type { RabbitMessageInfo } from '../../engine';
import { openWhyForRabbitMessage } from '../actions/whyActions';
import { formatVirtualTime } from '../format';
import { useAppStore } from '../store/appStore';
import { nameOf } from '../store/rabbitSelectors';
import { selectScenario } from '../store/selectors';
import { RoutingSteps } from './RoutingSteps';

type Fate = RabbitMessageInfo['queues'][number]['state'];

const FATE_TONE: Record<Fate, string> = {
  ready: 'pill--muted',
  unacked: 'pill--warn',
  acked: 'pill--ok',
  'dead-lettered': 'pill--warn',
  expired: 'pill--warn',
  dropped: 'pill--bad',
  refused: 'pill--bad',
};

const FATE_LABEL: Record<Fate, string> = {
  ready: 'waiting',
  unacked: 'delivered, not acked',
  acked: 'acknowledged',
  'dead-lettered': 'dead-lettered',
  expired: 'expired',
  dropped: 'dropped',
  refused: 'refused',
};

function showHeaderValue(value: string | number | boolean | null): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

export function RabbitWhy({ info }: { info: RabbitMessageInfo }) {
  const scenario = useAppStore(selectScenario);
  const name = (id: string) => nameOf(scenario, id);
  const headers = Object.entries(info.headers ?? {});
  const request = info.inReplyTo;
  return (
    <>
      <dl className="why__facts">
        <dt>Routing key</dt>
        <dd>
          <code data-testid="why-routing-key">{info.routingKey === '' ? '""' : info.routingKey}</code>
        </dd>
        {headers.length > 0 && (
          <>
            <dt>Headers</dt>
            <dd>
              <ul className="why__headers">
                {headers.map(([k, v]) => (
                  <li key={k}>
                    <code>{k}</code> = <code>{showHeaderValue(v)}</code>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {info.replyTo !== undefined && (
          <>
            <dt>reply_to</dt>
            <dd>
              <code data-testid="why-reply-to">{info.replyTo}</code>
            </dd>
          </>
        )}
        {info.correlationId !== undefined && (
          <>
            <dt>correlation_id</dt>
            <dd>
              <code data-testid="why-correlation-id">{info.correlationId}</code>
            </dd>
          </>
        )}
        {request !== undefined && (
          <>
            <dt>Reply to</dt>
            <dd>
              <button
                type="button"
                className="link-button"
                title="Open the request it answers"
                data-testid="why-in-reply-to"
                onClick={() => openWhyForRabbitMessage(request)}
              >
                message #{request}
              </button>
            </dd>
          </>
        )}
        <dt>Published to</dt>
        <dd>{info.exchange === '' ? 'the default exchange ("")' : `the exchange ${name(info.exchange)}`}</dd>
        {/* A reply is published by the RPC server, a consumer node. */}
        <dt>{request !== undefined ? 'Published by' : 'Producer'}</dt>
        <dd>{name(info.producer)}</dd>
        <dt>Published at</dt>
        <dd>t = {formatVirtualTime(info.publishedAtMs)}</dd>
        {info.body !== undefined && (
          <>
            <dt>Body</dt>
            <dd>{info.body === null ? <em>null</em> : <code className="why__body">{info.body}</code>}</dd>
          </>
        )}
      </dl>
      <h3>Why these queues</h3>
      <RoutingSteps probe={info.route} nameOf={name} />
      <h3>In each queue</h3>
      {info.queues.length === 0 ? (
        <p className="muted">It reached no queue.</p>
      ) : (
        <table className="why__groups" data-testid="why-queues">
          <thead>
            <tr>
              <th scope="col">Queue</th>
              <th scope="col">Now</th>
              <th scope="col">Deliveries</th>
              <th scope="col">Consumer</th>
            </tr>
          </thead>
          <tbody>
            {info.queues.map((q) => (
              <tr key={q.queueNodeId}>
                <th scope="row">{name(q.queueNodeId)}</th>
                <td>
                  <span className={`pill ${FATE_TONE[q.state]}`}>{FATE_LABEL[q.state]}</span>
                </td>
                <td>{q.deliveries}</td>
                <td>{q.consumer ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {info.xDeath.length > 0 && (
        <>
          <h3>x-death header</h3>
          <table className="why__groups" data-testid="why-xdeath">
            <thead>
              <tr>
                <th scope="col">Queue</th>
                <th scope="col">Reason</th>
                <th scope="col">Count</th>
                <th scope="col">First</th>
                <th scope="col">Exchange · keys</th>
              </tr>
            </thead>
            <tbody>
              {info.xDeath.map((d, i) => (
                <tr key={`${d.queue}-${d.reason}-${i}`}>
                  <th scope="row">{d.queue}</th>
                  <td>
                    <code>{d.reason}</code>
                  </td>
                  <td>{d.count}</td>
                  <td>{formatVirtualTime(d.timeMs)}</td>
                  <td>
                    {d.exchange === '' ? '(default)' : d.exchange} ·{' '}
                    {d.routingKeys.map((k) => (k === '' ? '""' : k)).join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h3>Its life so far</h3>
      <ol className="why__life" data-testid="why-lifecycle">
        {info.lifecycle.map((step, i) => (
          <li key={i} className={step.tone ? `is-${step.tone}` : undefined}>
            <span className="why__life-time">{formatVirtualTime(step.atMs)}</span>
            {step.text}
          </li>
        ))}
      </ol>
    </>
  );
}
