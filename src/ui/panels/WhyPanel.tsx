/**
 * "Why here?": where one record went and the numbers behind it — the key, its UTF-8 bytes,
 * murmur2, toPositive, the modulo — its life so far (written, replicated, acknowledged, written
 * twice, cut off, deleted), and how far each consumer group has got with it. For a RabbitMQ
 * message, RabbitWhy tells its routing and its fate in each queue.
 */
import { Fragment } from 'react';
import type { RecordInfo } from '../../engine';
import { closeWhy } from '../actions/whyActions';
import { formatCount, formatVirtualTime, utf8Hex } from '../format';
import { useAppStore } from '../store/appStore';
import { selectWhy } from '../store/selectors';
import { RabbitWhy } from './RabbitWhy';

function Facts({ info }: { info: RecordInfo }) {
  const k = info.keyHash;
  return (
    <dl className="why__facts">
      <dt>Key</dt>
      <dd>{info.key === null ? <em>null (no key)</em> : <code>{info.key}</code>}</dd>
      {info.key !== null && (
        <>
          <dt>UTF-8 bytes</dt>
          <dd>
            <code className="why__bytes">{utf8Hex(info.key)}</code>
          </dd>
        </>
      )}
      {k && (
        <>
          <dt>murmur2</dt>
          <dd>
            <code>{k.murmur2}</code>
          </dd>
          <dt>toPositive</dt>
          <dd>
            <code>{k.positive}</code>
          </dd>
          <dt>modulo</dt>
          <dd>
            <code>
              {k.positive} mod {k.numPartitions} = {k.partition}
            </code>
          </dd>
        </>
      )}
      <dt>Partition</dt>
      <dd>
        <strong>
          {info.topic}-{info.partition}
        </strong>{' '}
        at offset {formatCount(info.offset)}
        <span className="why__by">
          {' '}
          ({info.by === 'key' ? 'by key' : info.by === 'sticky' ? 'sticky' : 'explicit'})
        </span>
      </dd>
      <dt>Producer</dt>
      <dd>{info.producer}</dd>
      <dt>Produced at</dt>
      <dd>t = {formatVirtualTime(info.producedAtMs)}</dd>
      <dt>Size</dt>
      <dd>{formatCount(info.bytes)} bytes</dd>
      {(info.body !== undefined || info.tombstone) && (
        <>
          <dt>Body</dt>
          <dd>
            {info.tombstone ? (
              <span data-testid="why-tombstone">null: a tombstone (in a compacted topic it deletes its key)</span>
            ) : (
              <code className="why__body">{info.body}</code>
            )}
          </dd>
        </>
      )}
      {!info.inLog && (
        <>
          <dt>In the log</dt>
          <dd data-testid="why-gone">
            {info.gone === 'truncated'
              ? 'no longer: a leader change cut it off (the offset now holds another record)'
              : info.gone === 'retention'
                ? 'no longer: retention deleted its segment'
                : 'no longer: the log cleaner removed it'}
          </dd>
        </>
      )}
    </dl>
  );
}

const PROCESSED_LABEL: Record<string, string> = {
  '0': 'not yet',
  '1': 'once',
  '2': 'twice',
  lost: 'never (lost)',
  skipped: 'skipped',
};
const PROCESSED_TONE: Record<string, string> = {
  '1': 'pill--ok',
  '2': 'pill--warn',
  lost: 'pill--bad',
  skipped: 'pill--muted',
};

function Groups({ info }: { info: RecordInfo }) {
  if (info.groups.length === 0) return <p className="muted">No consumer group reads this topic yet.</p>;
  return (
    <table className="why__groups">
      <thead>
        <tr>
          <th scope="col">Group</th>
          <th scope="col">Committed offset</th>
          <th scope="col">Fetched</th>
          <th scope="col">Owner</th>
          <th scope="col">Processed</th>
        </tr>
      </thead>
      <tbody>
        {info.groups.map((g) => (
          <Fragment key={g.nodeId}>
            <tr>
              <th scope="row">{g.groupId}</th>
              <td>
                {g.committedOffset === null ? '—' : formatCount(g.committedOffset)}{' '}
                <span className={`pill ${g.committed ? 'pill--ok' : 'pill--muted'}`}>
                  {g.committed ? 'committed' : 'not yet'}
                </span>
              </td>
              <td>{g.fetched ? 'yes' : 'no'}</td>
              <td title={g.owner ?? undefined}>{g.owner ? g.owner.split(' ')[0] : 'nobody'}</td>
              <td data-testid="why-processed">
                <span className={`pill ${PROCESSED_TONE[String(g.processed)] ?? 'pill--muted'}`}>
                  {PROCESSED_LABEL[String(g.processed)] ?? String(g.processed)}
                </span>
              </td>
            </tr>
            {g.note && (
              <tr className="why__note-row">
                <td colSpan={5} data-testid="why-note">
                  {g.note}
                </td>
              </tr>
            )}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}

export function WhyPanel() {
  const why = useAppStore(selectWhy);
  if (why.status === 'closed') return null;
  return (
    <section className="why" role="dialog" aria-label="Why here?">
      <header className="why__head">
        <div>
          <h2>Why here?</h2>
          <p className="why__subject">{why.subject}</p>
        </div>
        <button type="button" className="btn btn--icon btn--close" aria-label="Close why panel" onClick={closeWhy}>
          ×
        </button>
      </header>
      <div className="why__body">
        {why.status === 'loading' && <p className="muted">Asking the simulation…</p>}
        {why.status === 'missing' && <p className="muted">{why.message}</p>}
        {why.status === 'rabbit' && <RabbitWhy info={why.info} />}
        {why.status === 'ready' && (
          <>
            <Facts info={why.info} />
            <h3>Why this partition</h3>
            <ol className="why__steps">
              {why.info.explanation.map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ol>
            <h3>Its life so far</h3>
            <ol className="why__life" data-testid="why-lifecycle">
              {why.info.lifecycle.map((step, i) => (
                <li key={i} className={step.tone ? `is-${step.tone}` : undefined}>
                  {step.atMs !== null && <span className="why__life-time">{formatVirtualTime(step.atMs)}</span>}
                  {step.text}
                </li>
              ))}
            </ol>
            <h3>Consumer groups</h3>
            <Groups info={why.info} />
          </>
        )}
      </div>
    </section>
  );
}
