/**
 * The binding editor: what an edge leaving a RabbitMQ exchange matches. Direct and topic
 * exchanges take a list of binding keys (one binding each); a headers exchange takes its binding
 * arguments as JSON (x-match and the header values); a fanout exchange ignores both.
 */
import { useId, useState } from 'react';
import type { NodeOfKind, ScenarioEdge } from '../../scenario/schema';
import { edgeField } from './commitField';
import { FieldShell } from './fields/FieldShell';
import { JsonField } from './fields/JsonField';
import { useDebouncedCommit, type Commit } from './fields/useDebouncedCommit';

type Exchange = NodeOfKind<'rabbitmq.exchange'>;

const KEY_HINTS: Record<string, string> = {
  direct: 'A message is routed here when its routing key equals one of these keys.',
  topic: 'Words separated by dots; * matches exactly one word, # zero or more. "*.orange.*", "lazy.#".',
};

/** One text input per binding key; the whole list is committed after a pause, on blur or on Enter. */
function KeyListField({ keys, hint, onCommit }: { keys: readonly string[]; hint: string; onCommit: Commit<string[]> }) {
  const id = useId();
  const [list, setList] = useState<string[]>(() => [...keys]);
  const { error, schedule, flush } = useDebouncedCommit(onCommit);
  const update = (next: string[], now: boolean) => {
    setList(next);
    schedule(next);
    if (now) flush();
  };
  return (
    <FieldShell htmlFor={`${id}-0`} label="Binding keys" setting="queue.bind routing_key" error={error} hint={hint}>
      <ol className="keylist">
        {list.map((key, i) => (
          <li key={i} className="keylist__row">
            <input
              id={`${id}-${i}`}
              className="input input--mono"
              type="text"
              spellCheck={false}
              value={key}
              placeholder='"" (the empty key)'
              aria-label={`Binding key ${i + 1}`}
              aria-invalid={error ? true : undefined}
              onChange={(event) =>
                update(
                  list.map((k, j) => (j === i ? event.currentTarget.value : k)),
                  false,
                )
              }
              onBlur={flush}
              onKeyDown={(event) => {
                if (event.key === 'Enter') flush();
              }}
            />
            <button
              type="button"
              className="btn btn--icon keylist__remove"
              aria-label={`Remove key ${i + 1}`}
              title="Remove this binding"
              disabled={list.length === 1}
              onClick={() =>
                update(
                  list.filter((_, j) => j !== i),
                  true,
                )
              }
            >
              ×
            </button>
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="btn btn--small keylist__add"
        disabled={list.length >= 20}
        onClick={() => update([...list, ''], true)}
      >
        Add a binding key
      </button>
    </FieldShell>
  );
}

const X_MATCH = ['all', 'any', 'all-with-x', 'any-with-x'];

/**
 * RabbitMQ refuses a headers binding whose x-match is not one of its four rules (406
 * PRECONDITION_FAILED, rabbit_exchange_type_headers:validate_binding); say so before committing.
 */
function xMatchProblem(args: unknown): string | null {
  if (typeof args !== 'object' || args === null || !('x-match' in args)) return null;
  const rule = (args as Record<string, unknown>)['x-match'];
  if (typeof rule === 'string' && X_MATCH.includes(rule)) return null;
  return `at x-match: expected "all", "any", "all-with-x" or "any-with-x", got ${JSON.stringify(rule)} (RabbitMQ refuses the binding: 406 PRECONDITION_FAILED)`;
}

export function BindingForm({ edge, exchange }: { edge: ScenarioEdge; exchange: Exchange }) {
  const type = exchange.config.type;
  if (type === 'fanout') {
    return (
      <p className="field__hint">
        A fanout exchange copies every message to every binding: this binding has no key to set. Change the exchange’s
        type to route by key or by headers.
      </p>
    );
  }
  if (type === 'headers') {
    const commitArguments = edgeField<unknown>(edge.id, 'config.arguments', (e, v) => {
      (e.config as { arguments?: unknown }).arguments = v;
    });
    return (
      <JsonField
        label="Binding arguments"
        hint='x-match ("all", "any", "all-with-x", "any-with-x"), then the header values to compare; null tests that a header is present. The routing key is ignored.'
        rows={6}
        value={edge.config.arguments ?? { 'x-match': 'all' }}
        onCommit={(args) => xMatchProblem(args) ?? commitArguments(args)}
      />
    );
  }
  const commitKeys = edgeField<string[]>(edge.id, 'config.bindingKeys', (e, v) => (e.config.bindingKeys = v));
  return (
    <KeyListField
      keys={edge.config.bindingKeys ?? ['']}
      hint={KEY_HINTS[type] ?? ''}
      onCommit={(keys) => {
        const error = commitKeys(keys);
        // "at [1]: …" names the list index; people count keys from 1.
        return error && error.replace(/^at \[(\d+)\]:/, (_, i: string) => `key ${Number(i) + 1}:`);
      }}
    />
  );
}
