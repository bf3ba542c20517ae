/**
 * The running group, below its settings: delivery counters (processed once, twice, never), the
 * operator's actions (crash a consumer, reset offsets as kafka-consumer-groups does), and the
 * group's history (rebalances, crashes, removals, resets) with the causes of duplicates and losses.
 */
import { useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { MEMBER_STATE_NAMES, type GroupInfo } from '../../engine';
import type { ResetOffsetsTarget } from '../../scenario/schema';
import { getEngineClient } from '../../worker/engineClient';
import { triggerAction } from '../actions/runActions';
import { formatCount } from '../format';
import { useEngineQuery } from '../hooks/useEngineQuery';
import { useAppStore } from '../store/appStore';
import { GROUP_HEAD, MEMBER_NUMBERS, selectGroupEntry, selectGroupNumbers } from '../store/selectors';
import { CrashMemberRows } from './CrashMemberRows';

type ResetKind = ResetOffsetsTarget['type'];

const RESET_LABELS: Record<ResetKind, string> = {
  earliest: 'to earliest (replay everything)',
  latest: 'to latest (skip the backlog)',
  offset: 'to an offset',
  timestamp: 'to a time',
  shift: 'shift by',
};

function targetOf(kind: ResetKind, value: number): ResetOffsetsTarget {
  switch (kind) {
    case 'earliest':
    case 'latest':
      return { type: kind };
    case 'offset':
      return { type: 'offset', offset: Math.max(0, Math.round(value)) };
    case 'timestamp':
      return { type: 'timestamp', timestampMs: Math.max(0, value * 1000) };
    case 'shift':
      return { type: 'shift', by: Math.round(value) };
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function GroupOperations({ nodeId }: { nodeId: string }) {
  const entry = useAppStore((s) => selectGroupEntry(s, nodeId));
  const numbers = useAppStore(useShallow((s) => selectGroupNumbers(s, nodeId)));
  const layoutVersion = useAppStore((s) => s.layout?.version ?? 0);
  const info = useEngineQuery<GroupInfo>(() => getEngineClient().inspectGroup(nodeId), nodeId, layoutVersion);
  const [resetKind, setResetKind] = useState<ResetKind>('earliest');
  const [resetValue, setResetValue] = useState('0');
  const [stopFirst, setStopFirst] = useState(true);
  const ids = { reset: useId(), value: useId(), stop: useId() };

  const running = (entry?.members ?? [])
    .filter((_, i) => {
      const state = MEMBER_STATE_NAMES[numbers[GROUP_HEAD + MEMBER_NUMBERS * i] ?? 0];
      return state !== 'crashed' && state !== 'stopped';
    })
    .map((m) => m.label);
  const [, consumed = 0, , , duplicates = 0, lost = 0, replayed = 0, skipped = 0] = numbers;

  const crash = (member: string | undefined, restartAfterMs: number | undefined) =>
    void triggerAction({
      type: 'kafka.consumer.crash',
      group: nodeId,
      ...(member ? { member } : {}),
      ...(restartAfterMs !== undefined ? { restartAfterMs } : {}),
    });
  const reset = () =>
    void triggerAction({
      type: 'kafka.group.resetOffsets',
      group: nodeId,
      to: targetOf(resetKind, Number(resetValue) || 0),
      stopConsumers: stopFirst,
    });

  return (
    <>
      <fieldset className="fieldset" aria-label="Delivery">
        <legend>Delivery</legend>
        <dl className="delivery" data-testid="delivery">
          <div>
            <dt>processed</dt>
            <dd>{formatCount(consumed)}</dd>
          </div>
          <div className={duplicates > 0 ? 'is-warn' : undefined}>
            <dt title="Processed a second time because a commit was lost (crash, kick-out, cooperative revocation)">
              twice
            </dt>
            <dd data-testid="duplicates">{formatCount(duplicates)}</dd>
          </div>
          <div className={lost > 0 ? 'is-bad' : undefined}>
            <dt title="Never processed: the group's committed offset moved past them">lost</dt>
            <dd data-testid="lost">{formatCount(lost)}</dd>
          </div>
          <div>
            <dt title="Processed again on purpose after an offset reset went back">replayed</dt>
            <dd data-testid="replayed">{formatCount(replayed)}</dd>
          </div>
          {skipped > 0 && (
            <div>
              <dt title="Jumped over by an offset reset">skipped</dt>
              <dd>{formatCount(skipped)}</dd>
            </div>
          )}
        </dl>
      </fieldset>

      <fieldset className="fieldset ops" aria-label="Faults and operations">
        <legend>Faults and operations</legend>
        <CrashMemberRows
          running={running}
          hint="The process dies without committing or leaving; the group notices after session.timeout.ms."
          onCrash={crash}
        />
        <div className="ops__row">
          <label htmlFor={ids.reset} className="ops__label">
            Reset offsets
          </label>
          <select
            id={ids.reset}
            className="input select ops__select ops__select--wide"
            value={resetKind}
            onChange={(e) => setResetKind(e.currentTarget.value as ResetKind)}
          >
            {(Object.keys(RESET_LABELS) as ResetKind[]).map((k) => (
              <option key={k} value={k}>
                {RESET_LABELS[k]}
              </option>
            ))}
          </select>
          {(resetKind === 'offset' || resetKind === 'timestamp' || resetKind === 'shift') && (
            <div className={`input-wrap ops__num${resetKind === 'timestamp' ? ' input-wrap--unit' : ''}`}>
              <input
                id={ids.value}
                aria-label={
                  resetKind === 'timestamp' ? 'Time in seconds' : resetKind === 'shift' ? 'Shift by' : 'Offset'
                }
                className="input"
                type="number"
                value={resetValue}
                onChange={(e) => setResetValue(e.currentTarget.value)}
              />
              {resetKind === 'timestamp' && <span className="input-unit">s</span>}
            </div>
          )}
        </div>
        <div className="ops__row">
          <label className="ops__check" htmlFor={ids.stop}>
            <input
              id={ids.stop}
              type="checkbox"
              checked={stopFirst}
              onChange={(e) => setStopFirst(e.currentTarget.checked)}
            />
            stop the consumers first, start them again after
          </label>
          <button type="button" className="btn btn--small" onClick={reset}>
            Reset
          </button>
        </div>
        <p className="field__hint">
          As <code>kafka-consumer-groups --reset-offsets --execute</code>: refused while the group has members.
        </p>
      </fieldset>

      {info && (info.history.length > 0 || info.duplicateNotes.length > 0 || info.lossNotes.length > 0) && (
        <fieldset className="fieldset" aria-label="Group history">
          <legend>History</legend>
          <ol className="history" data-testid="group-history">
            {info.history
              .slice(-12)
              .reverse()
              .map((event, i) => (
                <li key={`${event.atMs}-${i}`} className={`history__item history__item--${event.kind}`}>
                  <span className="history__time">{seconds(event.atMs)}</span>
                  <span className="history__text">{event.text}</span>
                  {event.members && (
                    <ul className="history__members">
                      {event.members.map((m) => (
                        <li key={m.label}>
                          <strong>{m.label}</strong> {m.partitions.length ? m.partitions.join(', ') : 'nothing'}
                          {m.added.length > 0 && <span className="history__added"> +{m.added.join(', ')}</span>}
                          {m.revoked.length > 0 && <span className="history__revoked"> −{m.revoked.join(', ')}</span>}
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
          </ol>
          {[...info.duplicateNotes.slice(-3), ...info.lossNotes.slice(-3)].map((note, i) => (
            <p key={i} className="history__note">
              <strong>
                {note.topic}-{note.partition} offsets {note.fromOffset}–{note.toOffset - 1}:
              </strong>{' '}
              {note.text}
            </p>
          ))}
        </fieldset>
      )}
    </>
  );
}
