/** Inspector form of a Kafka broker: its id, the ISR lag limit, network time, and faults to inject. */
import { useState } from 'react';
import type { NodeOfKind } from '../../scenario/schema';
import { triggerAction } from '../actions/runActions';
import { nodeField } from './commitField';
import { NumberField } from './fields/NumberField';

type Broker = NodeOfKind<'kafka.broker'>;

export function BrokerForm({ node }: { node: Broker }) {
  const field = <T,>(path: string, apply: (n: Broker, value: T) => void) =>
    nodeField<'kafka.broker', T>(node.id, path, apply);
  const c = node.config;
  const [slowS, setSlowS] = useState('40');
  return (
    <>
      <fieldset className="fieldset ops" aria-label="Broker faults">
        <legend>Faults</legend>
        <div className="ops__row">
          <button
            type="button"
            className="btn btn--small btn--danger"
            onClick={() => void triggerAction({ type: 'kafka.broker.crash', broker: node.id })}
          >
            Crash
          </button>
          <button
            type="button"
            className="btn btn--small"
            onClick={() => void triggerAction({ type: 'kafka.broker.restart', broker: node.id })}
          >
            Restart
          </button>
        </div>
        <p className="field__hint">
          A crashed broker is fenced by the controller after broker.session.timeout.ms (9 s); then its partitions elect
          new leaders from their ISR.
        </p>
        <div className="ops__row">
          <label className="ops__label" htmlFor={`${node.id}-slow`}>
            Stall fetchers
          </label>
          <div className="input-wrap input-wrap--unit ops__num">
            <input
              id={`${node.id}-slow`}
              className="input"
              type="number"
              min={0}
              value={slowS}
              onChange={(e) => setSlowS(e.currentTarget.value)}
            />
            <span className="input-unit">s</span>
          </div>
          <button
            type="button"
            className="btn btn--small"
            onClick={() =>
              void triggerAction({
                type: 'kafka.broker.slow',
                broker: node.id,
                durationMs: Math.max(0, Number(slowS) || 0) * 1000,
              })
            }
          >
            Slow down
          </button>
        </div>
        <p className="field__hint">
          Its followers stop fetching (a long GC pause, a slow disk) and leave the ISR after replica.lag.time.max.ms.
        </p>
      </fieldset>
      <NumberField
        label="Broker id"
        setting="node.id"
        value={c.brokerId ?? 0}
        step={1}
        min={0}
        onCommit={field<number>('config.brokerId', (n, v) => (n.config.brokerId = v))}
      />
      <NumberField
        label="Replica lag limit"
        setting="replica.lag.time.max.ms"
        hint="A follower not caught up for this long leaves the ISR."
        unit="ms"
        value={c.replicaLagTimeMaxMs}
        step={1}
        min={1}
        onCommit={field<number>('config.replicaLagTimeMaxMs', (n, v) => (n.config.replicaLagTimeMaxMs = v))}
      />
      <NumberField
        label="Network latency"
        hint="One way, between brokers: a follower's fetch takes a round trip."
        unit="ms"
        value={c.networkLatencyMs}
        min={0}
        onCommit={field<number>('config.networkLatencyMs', (n, v) => (n.config.networkLatencyMs = v))}
      />
    </>
  );
}
