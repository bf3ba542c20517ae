/** The header every node card shares: its kind in the family colour, then its name. */
import type { ReactNode } from 'react';

export function NodeHeader({ kind, title, badge }: { kind: string; title: string; badge?: ReactNode }) {
  return (
    <header className="node__head">
      <div className="node__kind">{kind}</div>
      <div className="node__title-row">
        <div className="node__title" title={title}>
          {title}
        </div>
        {badge}
      </div>
    </header>
  );
}
