import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import vectors from '../../../../vectors/rabbit-topic.json';
import { explainTopicMatch, splitTopicKey, topicMatches } from './topicMatch';

type Row = { pattern: string; routingKey: string; delivered: boolean };

// Every broker observation: the published rows, plus the qlobber comparison rows, which carry the
// broker's answer (`rabbit`) for some pairs the published subset leaves out.
const observed = new Map<string, Row>();
for (const row of vectors.rows as Row[]) observed.set(JSON.stringify([row.pattern, row.routingKey]), row);
for (const { pattern, routingKey, rabbit } of vectors.qlobberDisagreements.rows) {
  observed.set(JSON.stringify([pattern, routingKey]), { pattern, routingKey, delivered: rabbit });
}
const rows = [...observed.values()];

/** FIDELITY.md §4.1's recursive reference, which reproduced all 704 broker rows: the test oracle. */
function reference(p: readonly string[], k: readonly string[]): boolean {
  if (p.length === 0) return k.length === 0;
  if (p[0] === '#') return reference(p.slice(1), k) || (k.length > 0 && reference(p, k.slice(1)));
  if (k.length === 0) return false;
  return (p[0] === '*' || p[0] === k[0]) && reference(p.slice(1), k.slice(1));
}

const routingWord = fc.constantFrom('a', 'b', 'eu', '', 'A', 'é');
const bindingWord = fc.oneof(routingWord, fc.constantFrom('*', '#'));
const routingKey = fc.array(routingWord, { maxLength: 7 }).map((words) => words.join('.'));
const bindingKey = fc.array(bindingWord, { maxLength: 7 }).map((words) => words.join('.'));

describe('topicMatches (RabbitMQ topic exchange)', () => {
  it('covers the published vectors and the broker answers in the qlobber comparison', () => {
    expect(vectors.rows).toHaveLength(422);
    expect(rows).toHaveLength(433);
  });

  it.each(rows.map((row) => [row.pattern, row.routingKey, row.delivered] as const))(
    'matches RabbitMQ 3.10.8: binding %j, routing key %j → %s',
    (pattern, key, delivered) => {
      expect(topicMatches(pattern, key)).toBe(delivered);
      expect(explainTopicMatch(pattern, key).matched).toBe(delivered);
    },
  );

  it('agrees with the reference matcher on all 704 pattern × routing key pairs of the measurement', () => {
    for (const pattern of vectors.patterns) {
      for (const key of vectors.routingKeys) {
        expect(topicMatches(pattern, key), `${pattern} / ${key}`).toBe(
          reference(splitTopicKey(pattern), splitTopicKey(key)),
        );
      }
    }
  });

  it("splits on every '.', and the empty key has zero words", () => {
    expect(splitTopicKey('')).toEqual([]);
    expect(splitTopicKey('.')).toEqual(['', '']);
    expect(splitTopicKey('a..b')).toEqual(['a', '', 'b']);
  });

  it("lets '*' match an empty word, but not the empty routing key (FIDELITY.md §7.5)", () => {
    expect(topicMatches('*.*', '.')).toBe(true);
    expect(topicMatches('a.*.b', 'a..b')).toBe(true);
    expect(topicMatches('*', '')).toBe(false);
    expect(topicMatches('#', '')).toBe(true);
  });

  it('treats words with a wildcard character inside as plain words', () => {
    expect(topicMatches('a*', 'ab')).toBe(false);
    expect(topicMatches('a*', 'a*')).toBe(true);
  });

  it("matches '#' against every routing key", () => {
    fc.assert(fc.property(routingKey, (key) => topicMatches('#', key) && topicMatches('#.#', key)));
  });

  it('matches a binding key without wildcards only to the identical routing key', () => {
    fc.assert(
      fc.property(fc.array(routingWord, { maxLength: 6 }), routingKey, (words, key) => {
        const literal = words.join('.');
        expect(topicMatches(literal, key)).toBe(literal === key);
      }),
    );
  });

  it("matches '*' exactly when the routing key is one word", () => {
    fc.assert(fc.property(routingKey, (key) => topicMatches('*', key) === (key !== '' && !key.includes('.'))));
  });

  it('agrees with the reference matcher and with its own explanation on any keys', () => {
    fc.assert(
      fc.property(bindingKey, routingKey, (pattern, key) => {
        const expected = reference(splitTopicKey(pattern), splitTopicKey(key));
        expect(topicMatches(pattern, key)).toBe(expected);
        expect(explainTopicMatch(pattern, key).matched).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('explainTopicMatch', () => {
  it('says how each binding word consumed routing words', () => {
    expect(explainTopicMatch('*.orders.#', 'eu.orders')).toEqual({
      matched: true,
      steps: [
        "The routing key 'eu.orders' has 2 words: 'eu', 'orders'.",
        "'*' matched the word 'eu'.",
        "'orders' matched the word 'orders'.",
        "'#' matched zero words.",
      ],
    });
  });

  it('names the word that differed', () => {
    expect(explainTopicMatch('*.orders', 'eu.payments').steps).toEqual([
      "The routing key 'eu.payments' has 2 words: 'eu', 'payments'.",
      "'*' matched the word 'eu'.",
      "Binding word 'orders' ≠ routing word 'payments'.",
    ]);
  });

  it("shows the furthest attempt when no split for '#' works", () => {
    expect(explainTopicMatch('a.#.b', 'a.c.d')).toEqual({
      matched: false,
      steps: [
        "The routing key 'a.c.d' has 3 words: 'a', 'c', 'd'.",
        "'a' matched the word 'a'.",
        "'#' matched 2 words: 'c', 'd'.",
        "'b' needs one more word, but the routing key has no words left.",
        "No other number of words for '#' makes the rest match either.",
      ],
    });
  });

  it('points out empty words, case and leftover words', () => {
    expect(explainTopicMatch('a.*.b', 'a..b').steps[2]).toBe("'*' matched the word '' (an empty word).");
    expect(explainTopicMatch('A.b', 'a.b').steps[1]).toBe(
      "Binding word 'A' ≠ routing word 'a' (matching is case-sensitive).",
    );
    expect(explainTopicMatch('a', 'a.b.').steps.at(-1)).toBe(
      "The binding key ended, but the routing key still has 2 words: 'b', ''.",
    );
    expect(explainTopicMatch('*', '').steps).toEqual([
      "The routing key '' has zero words.",
      "'*' needs one more word, but the routing key has no words left.",
    ]);
  });

  it('stays fast with many # against a long key', () => {
    const key = Array.from({ length: 40 }, () => 'a').join('.');
    expect(explainTopicMatch('#.#.#.#.#.#.b', key).matched).toBe(false);
    expect(topicMatches('#.#.#.#.#.#.b', key)).toBe(false);
  });
});
