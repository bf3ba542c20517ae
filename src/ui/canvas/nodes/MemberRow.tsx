/** One consumer of a group: its partitions, what it is doing, and the record in hand. */
import { memo } from 'react';
import { MEMBER_STATE_NAMES } from '../../../engine';
import { formatCount } from '../../format';

type Props = {
  label: string;
  memberId: string;
  /** "orders-0" per owned partition. */
  partitions: string;
  state: number;
  processed: number;
  /** "orders-2 @ 17" or "" when nothing is in hand. */
  inHand: string;
};

function MemberRowView({ label, memberId, partitions, state, processed, inHand }: Props) {
  const owned = partitions ? partitions.split(' ') : [];
  const stateName = MEMBER_STATE_NAMES[state] ?? 'idle';
  return (
    <li className="member" data-testid="member" aria-label={`Consumer ${label}`}>
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
        <span className={`state state--${stateName}`}>{stateName}</span>
      </div>
      <div className="member__sub">
        <span>{formatCount(processed)} processed</span>
        {inHand && <span className="member__hand">in hand {inHand}</span>}
      </div>
    </li>
  );
}

export const MemberRow = memo(MemberRowView);
