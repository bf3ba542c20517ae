/**
 * The scenario an import builds: node ids from the RabbitMQ names, positions from rabbitLayout.ts,
 * queue and exchange configs, one edge per bound pair, and a description that keeps every note.
 */
import type { HeaderArguments } from './rabbitBindings';
import type { ExchangeType } from './rabbitDefinitionsRead';
import { layoutColumns } from './rabbitLayout';
import type { QueueSettings } from './rabbitPolicies';
import type { ScenarioInput } from './schema';

export type ExchangeDraft = { name: string; type: ExchangeType; alternateExchange?: string; path: string };
export type QueueDraft = { name: string; type: 'classic' | 'quorum'; settings: QueueSettings; path: string };
/** Every binding from one exchange to one queue or exchange (by name). */
export type EdgeDraft = {
  source: string;
  target: string;
  targetKind: 'queue' | 'exchange';
  keys: string[];
  args: HeaderArguments;
  /** Where its first binding is in the file. */
  path: string;
};

type QueueConfigInput = NonNullable<Extract<ScenarioInput['nodes'][number], { kind: 'rabbitmq.queue' }>['config']>;
type EdgeInput = NonNullable<ScenarioInput['edges']>[number];

export function buildScenario(imported: {
  exchanges: ReadonlyMap<string, ExchangeDraft>;
  queues: ReadonlyMap<string, QueueDraft>;
  edges: readonly EdgeDraft[];
  title: string;
  /** The first paragraph of the description. */
  summary: string;
  warnings: readonly string[];
}): ScenarioInput {
  const { exchanges, queues, edges } = imported;
  const ids = new Map<string, string>(); // "exchange:name" / "queue:name" → node id
  const used = new Set<string>();
  const idOf = (kind: 'exchange' | 'queue', name: string) => ids.get(`${kind}:${name}`) as string;
  for (const [kind, names] of [
    ['exchange', [...exchanges.keys()]],
    ['queue', [...queues.keys()]],
  ] as const) {
    for (const name of names) {
      const id = uniqueId(name, kind, used);
      used.add(id);
      ids.set(`${kind}:${name}`, id);
    }
  }
  const links: [string, string][] = edges.map((e) => [idOf('exchange', e.source), idOf(e.targetKind, e.target)]);
  for (const x of exchanges.values()) {
    if (x.alternateExchange) links.push([idOf('exchange', x.name), idOf('exchange', x.alternateExchange)]);
  }
  for (const q of queues.values()) {
    const dlx = q.settings.deadLetterExchange;
    if (dlx) links.push([idOf('queue', q.name), idOf('exchange', dlx)]);
  }
  const positions = layoutColumns([...ids.values()], links);
  const at = (id: string) => positions.get(id) ?? { x: 0, y: 0 };

  const nodes: ScenarioInput['nodes'] = [];
  for (const x of exchanges.values()) {
    const id = idOf('exchange', x.name);
    const config: { name: string; type: ExchangeType; alternateExchange?: string } = { name: x.name, type: x.type };
    if (x.alternateExchange !== undefined) config.alternateExchange = idOf('exchange', x.alternateExchange);
    nodes.push({ id, kind: 'rabbitmq.exchange', position: at(id), config });
  }
  for (const q of queues.values()) {
    const id = idOf('queue', q.name);
    const { deadLetterExchange, deliveryLimit, ...rest } = q.settings;
    const config: QueueConfigInput = { name: q.name, type: q.type, ...rest };
    if (deadLetterExchange !== undefined) {
      config['deadLetterExchange'] = deadLetterExchange === '' ? '' : idOf('exchange', deadLetterExchange);
    }
    if (q.type === 'quorum' && deliveryLimit !== undefined) config['deliveryLimit'] = Math.max(-1, deliveryLimit);
    nodes.push({ id, kind: 'rabbitmq.queue', position: at(id), config });
  }
  const edgeIds = new Set<string>();
  const scenarioEdges = edges.map((edge, i): EdgeInput => {
    const source = idOf('exchange', edge.source);
    const target = idOf(edge.targetKind, edge.target);
    let id = `${source}->${target}`;
    if (id.length > 64 || edgeIds.has(id)) id = `binding-${i + 1}`;
    edgeIds.add(id);
    const config: { bindingKeys: string[]; arguments?: HeaderArguments } = { bindingKeys: edge.keys };
    if (Object.keys(edge.args).length > 0) config.arguments = edge.args;
    return { id, source, target, config };
  });
  return {
    format: 'eventscope.scenario',
    version: 1,
    meta: { title: imported.title.slice(0, 200), description: describeImport(imported.summary, imported.warnings) },
    nodes,
    edges: scenarioEdges,
  };
}

/** The scenario description: what was imported, then every warning, within the 5000 characters the schema allows. */
function describeImport(summary: string, warnings: readonly string[]): string {
  const MAX = 5000;
  if (warnings.length === 0) return summary;
  const text = `${summary}\n\nImport notes:\n${warnings.map((w) => `• ${w}`).join('\n')}`;
  return text.length <= MAX ? text : `${text.slice(0, MAX - 1)}…`;
}

/**
 * A node id from a RabbitMQ name, valid for the schema's Id rule (letters, digits, `. _ : > -`,
 * starting with a letter or digit, ≤ 64): "orders.created" stays, "Crème brûlée/queue" → "Creme-brulee-queue".
 * A name already taken gets the kind ("orders-queue"), then a number ("orders-queue-2").
 */
export function uniqueId(name: string, kind: 'exchange' | 'queue', used: ReadonlySet<string>): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9_.:>-]+/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '')
      .slice(0, 48)
      .replace(/-+$/, '') || kind;
  if (!used.has(base)) return base;
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${base}-${kind}` : `${base}-${kind}-${n}`;
    if (!used.has(candidate)) return candidate;
  }
}
