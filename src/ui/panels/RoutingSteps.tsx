/**
 * A routing decision, exchange by exchange and binding by binding: matched or not and why, the
 * alternate exchange when nothing matched, and the queues the message reaches. Shown by the
 * exchange inspector's "Where would it go?" and by a RabbitMQ message's "why?". Keys and header
 * values are user text: rendered as text, never as HTML.
 */
import type { RoutingProbe } from '../../engine';
import { describeBinding } from '../canvas/edges/bindingLabel';

const OUTCOME_TONE: Record<RoutingProbe['outcome'], string> = {
  routed: 'pill--ok',
  returned: 'pill--warn',
  dropped: 'pill--bad',
};

export function RoutingSteps({ probe, nameOf }: { probe: RoutingProbe; nameOf: (nodeId: string) => string }) {
  return (
    <div className="route" data-testid="route-result">
      <p className="route__summary">
        <span className={`pill ${OUTCOME_TONE[probe.outcome]}`} data-testid="route-outcome">
          {probe.outcome}
        </span>{' '}
        {probe.summary}
      </p>
      {probe.exchanges.map((x) => (
        <section key={x.nodeId} className="route__exchange" aria-label={`Bindings of ${x.name}`}>
          <h4 className="route__exchange-name">
            <span>{x.name}</span> <span className="pill pill--rabbit">{x.type}</span>
          </h4>
          {x.bindings.length === 0 ? (
            <p className="muted">No bindings: nothing can match.</p>
          ) : (
            <ul className="route__bindings">
              {x.bindings.map((b, i) => (
                <li
                  key={`${b.edgeId}:${i}`}
                  className={`route__binding ${b.matched ? 'is-match' : 'is-miss'}`}
                  data-testid="route-binding"
                >
                  <div className="route__binding-head">
                    <span className="route__verdict">{b.matched ? '✓ matched' : '✗ no match'}</span>
                    <code className="route__key">
                      {describeBinding(x.type, {
                        bindingKeys: [b.key],
                        ...(b.arguments ? { arguments: b.arguments } : {}),
                      })}
                    </code>
                    <span className="route__target">
                      → {b.targetKind === 'exchange' ? 'exchange ' : ''}
                      {nameOf(b.targetNodeId)}
                    </span>
                  </div>
                  {b.why.length > 0 && (
                    <ul className="route__why">
                      {b.why.map((line, j) => (
                        <li key={j}>{line}</li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
          )}
          {x.alternateExchange !== undefined && (
            <p className="route__alt">
              Nothing matched here: on to its alternate exchange <strong>{nameOf(x.alternateExchange)}</strong>.
            </p>
          )}
        </section>
      ))}
      <div className="route__queues" data-testid="route-queues">
        <span className="route__queues-label">Reaches</span>
        {probe.queues.length === 0 ? (
          <span className="muted">no queue</span>
        ) : (
          probe.queues.map((q) => (
            <span key={q} className="chip chip--rabbit">
              {nameOf(q)}
            </span>
          ))
        )}
      </div>
    </div>
  );
}
