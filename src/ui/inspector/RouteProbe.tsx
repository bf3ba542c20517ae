/**
 * "Where would it go?" on an exchange: type a routing key (and headers for a headers exchange) and
 * the engine walks the exchange's bindings, exchange-to-exchange bindings and alternate exchanges
 * as RabbitMQ would, saying binding by binding what matched and why. Asks again as you type and
 * when the run restarts (a binding or the topology changed).
 */
import { useEffect, useId, useState } from 'react';
import type { RoutingProbe } from '../../engine';
import { getEngineClient } from '../../worker/engineClient';
import type { RouteQuestion } from '../../worker/protocol';
import { useAppStore } from '../store/appStore';
import { nameOf } from '../store/rabbitSelectors';
import { selectScenario } from '../store/selectors';
import { RoutingSteps } from '../panels/RoutingSteps';
import { parseHeaders } from './parseHeaders';

const TYPE_DELAY_MS = 200;

export function RouteProbe({ nodeId, type }: { nodeId: string; type: string }) {
  const ids = { key: useId(), headers: useId() };
  const [routingKey, setRoutingKey] = useState('');
  const [headersText, setHeadersText] = useState('');
  const [probe, setProbe] = useState<RoutingProbe | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const runId = useAppStore((s) => s.runId);
  const scenario = useAppStore(selectScenario);
  const parsed = type === 'headers' ? parseHeaders(headersText) : {};

  useEffect(() => {
    if (parsed.error) return;
    let live = true;
    const question: RouteQuestion = parsed.headers ? { routingKey, headers: parsed.headers } : { routingKey };
    const timer = setTimeout(() => {
      getEngineClient()
        .probeRoute(nodeId, question)
        .then((answer) => {
          if (!live) return;
          setProbe(answer);
          setFailure(answer ? null : 'Start or restart the run: the simulation does not know this exchange yet.');
        })
        .catch((error: unknown) => {
          if (live) setFailure(error instanceof Error ? error.message : String(error));
        });
    }, TYPE_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // `parsed` is derived from headersText.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [nodeId, routingKey, headersText, type, runId]);

  return (
    <fieldset className="fieldset probe" aria-label="Where would it go?">
      <legend>Where would it go?</legend>
      <div className="field">
        <label className="field__label" htmlFor={ids.key}>
          <span>Routing key</span>
          <code className="field__setting">basic.publish routing_key</code>
        </label>
        <input
          id={ids.key}
          className="input input--mono"
          type="text"
          spellCheck={false}
          placeholder='e.g. quick.orange.rabbit (empty is the key "")'
          value={routingKey}
          onChange={(event) => setRoutingKey(event.currentTarget.value)}
        />
      </div>
      {type === 'headers' && (
        <div className={`field${parsed.error ? ' has-error' : ''}`}>
          <label className="field__label" htmlFor={ids.headers}>
            <span>Headers</span>
            <code className="field__setting">basic.properties headers (JSON)</code>
          </label>
          <textarea
            id={ids.headers}
            className="input input--mono textarea"
            rows={3}
            spellCheck={false}
            placeholder='{ "format": "pdf", "type": "report" }'
            value={headersText}
            aria-invalid={parsed.error ? true : undefined}
            onChange={(event) => setHeadersText(event.currentTarget.value)}
          />
          {parsed.error && (
            <p className="field__error" role="alert">
              {parsed.error}
            </p>
          )}
        </div>
      )}
      {failure && <p className="field__hint">{failure}</p>}
      {probe && !failure && <RoutingSteps probe={probe} nameOf={(id) => nameOf(scenario, id)} />}
    </fieldset>
  );
}
