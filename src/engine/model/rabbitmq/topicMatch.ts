/**
 * RabbitMQ's topic exchange: does a binding key such as `*.orders.#` match a routing key?
 * Source: rabbitmq/rabbitmq-server @5b09e556 (4.3+), deps/rabbit/src/rabbit_db_topic_exchange.erl:
 * `split_topic_key_binary` splits both keys into words, and `trie_match` walks a trie of all
 * binding keys (edges for the literal word, `*` and `#`). For one binding key that walk means:
 *
 * - Keys split on every `.`, exactly: `a..b` is [a, '', b], `a.` is [a, ''], `.` is ['', ''].
 *   The empty key `''` is zero words (not one empty word).
 * - `*` matches exactly one word, which may be empty; `#` matches zero or more words.
 * - Any other word matches only an identical word: case-sensitive, compared as text, so `é` is a
 *   word like any other. `a*` or `#b` are plain words, not wildcards.
 *
 * Pinned by `vectors/rabbit-topic.json`, measured on RabbitMQ 3.10.8; the matching rules have
 * not changed since (FIDELITY.md §4.1). Binding keys with more than two `#` are refused from 4.3.5
 * on: see `validateBinding` in routing.ts.
 */

/** `split_topic_key_binary`: the words of a routing key or binding key. */
export function splitTopicKey(key: string): string[] {
  return key === '' ? [] : key.split('.');
}

/**
 * True when `bindingKey` matches `routingKey`.
 *
 * Works in one pass over the binding words, keeping for every prefix of the routing key whether
 * the binding words so far can cover exactly that prefix. Example, `a.#.b` against `a.x.y.b`:
 * after `a` only the prefix [a] is covered; `#` extends that to [a], [a,x], [a,x,y], [a,x,y,b];
 * `b` then covers [a,x,y,b], the whole key, so it matches. This takes (binding words + 1) ×
 * (routing words + 1) steps at most, where trying every split for each `#` could take exponential time.
 */
export function topicMatches(bindingKey: string, routingKey: string): boolean {
  const pattern = splitTopicKey(bindingKey);
  const words = splitTopicKey(routingKey);
  // covered[j]: the binding words read so far match exactly the first j routing words.
  let covered = new Uint8Array(words.length + 1);
  covered[0] = 1;
  for (const p of pattern) {
    const next = new Uint8Array(words.length + 1);
    if (p === '#') {
      let reachable = 0;
      for (let j = 0; j <= words.length; j++) {
        reachable |= covered[j] as number;
        next[j] = reachable;
      }
    } else {
      for (let j = 1; j <= words.length; j++) {
        if (covered[j - 1] === 1 && (p === '*' || p === words[j - 1])) next[j] = 1;
      }
    }
    covered = next;
  }
  return covered[words.length] === 1;
}

export type TopicMatchExplanation = {
  matched: boolean;
  /** Plain-language steps that answer "why did this binding match / not match?". */
  steps: string[];
};

/**
 * `topicMatches` with its reasons: a match lists how each binding word consumed routing words;
 * a miss lists the attempt that got furthest and where it failed.
 *
 * @example
 * explainTopicMatch('*.orders.#', 'eu.orders').steps
 * // ["The routing key 'eu.orders' has 2 words: 'eu', 'orders'.", "'*' matched the word 'eu'.",
 * //  "'orders' matched the word 'orders'.", "'#' matched zero words."]
 */
export function explainTopicMatch(bindingKey: string, routingKey: string): TopicMatchExplanation {
  const pattern = splitTopicKey(bindingKey);
  const words = splitTopicKey(routingKey);
  const path: string[] = [];
  // The failed attempt that read the most binding words (then routing words): the clearest "why not".
  let furthest = { i: -1, j: -1, steps: [] as string[] };
  // Positions (binding word i, routing word j) already known to fail; keeps the search polynomial.
  const failed = new Set<number>();

  const fail = (i: number, j: number, reason: string): false => {
    if (i > furthest.i || (i === furthest.i && j > furthest.j)) furthest = { i, j, steps: [...path, reason] };
    return false;
  };

  const tryFrom = (i: number, j: number): boolean => {
    const position = i * (words.length + 1) + j;
    if (failed.has(position)) return false;
    if (matchFrom(i, j)) return true;
    failed.add(position);
    return false;
  };

  const matchFrom = (i: number, j: number): boolean => {
    const p = pattern[i];
    if (p === undefined) {
      if (j === words.length) return true;
      return fail(i, j, `The binding key ended, but the routing key still has ${countWords(words.slice(j))}.`);
    }
    if (p === '#') {
      for (let n = 0; j + n <= words.length; n++) {
        path.push(`'#' matched ${countWords(words.slice(j, j + n))}.`);
        if (tryFrom(i + 1, j + n)) return true;
        path.pop();
      }
      return false;
    }
    const word = words[j];
    if (word === undefined) return fail(i, j, `'${p}' needs one more word, but the routing key has no words left.`);
    if (p === '*') path.push(`'*' matched the word ${quoteWord(word)}.`);
    else if (p === word) path.push(`'${p}' matched the word ${quoteWord(word)}.`);
    else return fail(i, j, `Binding word '${p}' ≠ routing word ${quoteWord(word)}${caseNote(p, word)}.`);
    if (tryFrom(i + 1, j + 1)) return true;
    path.pop();
    return false;
  };

  const split = `The routing key '${routingKey}' has ${countWords(words)}.`;
  if (tryFrom(0, 0)) return { matched: true, steps: [split, ...path] };
  const steps = [split, ...furthest.steps];
  if (pattern.includes('#')) steps.push("No other number of words for '#' makes the rest match either.");
  return { matched: false, steps };
}

function quoteWord(word: string): string {
  return word === '' ? "'' (an empty word)" : `'${word}'`;
}

/** "zero words", "1 word: 'eu'", "2 words: 'eu', 'orders'". */
function countWords(words: readonly string[]): string {
  if (words.length === 0) return 'zero words';
  return `${words.length} word${words.length === 1 ? '' : 's'}: ${words.map((w) => `'${w}'`).join(', ')}`;
}

function caseNote(bindingWord: string, routingWord: string): string {
  return bindingWord.toLowerCase() === routingWord.toLowerCase() ? ' (matching is case-sensitive)' : '';
}
