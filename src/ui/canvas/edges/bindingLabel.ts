/**
 * The short text an exchange's binding shows on its edge: the binding keys for direct and topic
 * exchanges, "fanout" for fanout, and the x-match rule with the header values for headers.
 */
import type { ScenarioEdge } from '../../../scenario/schema';

type HeaderValue = string | number | boolean | null;

/** A header value as a person reads it: strings bare, null (void) as "present". */
function showValue(key: string, value: HeaderValue): string {
  if (value === null) return `${key} present`;
  return `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`;
}

/** The binding keys of an edge as one line: `*.orange.*, lazy.#`; the empty key shows as `""`. */
export function describeKeys(keys: readonly string[] | undefined): string {
  return (keys ?? ['']).map((k) => (k === '' ? '""' : k)).join(', ');
}

/** The x-match rule and the compared values: `x-match=any: format=pdf, type=report`. */
export function describeArguments(args: Readonly<Record<string, HeaderValue>> | undefined): string {
  const entries = Object.entries(args ?? {});
  const xMatch = entries.find(([k]) => k === 'x-match')?.[1];
  const rule = typeof xMatch === 'string' ? xMatch : 'all';
  const values = entries.filter(([k]) => k !== 'x-match').map(([k, v]) => showValue(k, v));
  if (values.length === 0) return `x-match=${rule}: ${rule.startsWith('all') ? 'every message' : 'no message'}`;
  return `x-match=${rule}: ${values.join(', ')}`;
}

/**
 * The label of an edge leaving an exchange of `exchangeType`, or null when the edge does not
 * leave an exchange (a producer's or a queue's edge carries no binding).
 */
export function describeBinding(exchangeType: string | undefined, config: ScenarioEdge['config']): string | null {
  switch (exchangeType) {
    case undefined:
      return null;
    case 'fanout':
      return 'fanout';
    case 'headers':
      return describeArguments(config.arguments);
    default:
      return describeKeys(config.bindingKeys);
  }
}
