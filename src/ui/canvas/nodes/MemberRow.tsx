/** One consumer of a group: its partitions, what it is doing, and the record in hand. */
import { memo } from 'react';
import { MEMBER_STATE_NAMES } from '../../../engine';
import { formatCount, formatDuration } from '../../format';

type Props = {
  label: string;
  memberId: string;
  /** "orders-0" per owned partition. */
  partitions: string;
  state: number;
  processed: number;
  /** "orders-2 @ 17" or "" when nothing is in hand. */
  inHand: string;
  /** It has rejoined the rebalance in progress (a cooperative member keeps consuming meanwhile). */
  joined: boolean;
  /** A crashed member still in the group: ms until the coordinator notices; −1 otherwise. */
  expiresInMs: number;
};

function MemberRowView({ label, memberId, partitions, state, processed, inHand, joined, expiresInMs }: Props) {
  const owned = partitions ? partitions.split(' ') : [];
  const stateName = MEMBER_STATE_NAMES[state] ?? 'idle';
  const stateClass = stateName.replace(' ', '-');
  return (
    <li className={`member member--${stateClass}`} data-testid="member" aria-label={`Consumer ${label}`}>
      <div className="member__main">
        <span className="member__label" title={memberId}>
          {label}
        </span>
        <span className="member__chips">
          {owned.length ? (
            owned.map((p) => (
              <span key={p} className="chip">
                {p}
              </span>
            ))
          ) : (
            <span className="chip chip--none">no partitions</span>
          )}
        </span>
        <span className={`state state--${stateClass}`}>{stateName}</span>
      </div>
      <div className="member__sub">
        <span>{formatCount(processed)} processed</span>
        {inHand && <span className="member__hand">in hand {inHand}</span>}
        {joined && (stateName === 'idle' || stateName === 'processing') && (
          <span className="member__note" title="It has sent JoinGroup and keeps consuming what it owns">
            rejoined
          </span>
        )}
        {expiresInMs >= 0 && (
          <span className="member__note member__note--bad" data-testid="member-expiry">
            group notices in {formatDuration(expiresInMs)}
          </span>
        )}
        {stateName === 'kicked out' && (
          <span className="member__note member__note--bad">max.poll.interval.ms passed; finishing its batch</span>
        )}
      </div>
    </li>
  );
}

export const MemberRow = memo(MemberRowView);
