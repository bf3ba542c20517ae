/**
 * The order in which Java's HashMap and HashSet hand out their keys, for the places where Kafka's
 * sticky assignors walk one and the order changes the result. Java's documentation leaves the order
 * unspecified; OpenJDK has computed it this way since Java 8, and Kafka's own tests rely on it
 * (AbstractStickyAssignorTest: "consumer1".."consumer4" are walked as consumer4, 3, 2, 1).
 * Source: OpenJDK 17, java/util/HashMap.java (`hash`, `putVal`, `resize`, `HashIterator`),
 * java/lang/String.java (`hashCode`); apache/kafka @1eb76443, clients/.../common/TopicPartition.java
 * (`hashCode`). Checked by running Kafka's assignor code on OpenJDK 17 (see the sticky tests).
 *
 * A key's bucket is (h ^ (h >>> 16)) & (capacity - 1), with h = key.hashCode(). Iteration goes
 * bucket by bucket; within a bucket, keys stay in the order they were put in. `new HashMap<>()`
 * starts with 16 buckets and doubles when it holds more than 3/4 of that; it never shrinks.
 * Simplified: once 8 keys share a bucket, Java grows a small table early or turns the bucket into a
 * tree; neither is modelled (it takes 8 member ids with colliding hashes).
 */

/** Java `String.hashCode`: s[0]·31^(n−1) + … + s[n−1] over UTF-16 code units, in 32-bit arithmetic. */
export function javaStringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** TopicPartition.hashCode: 31 · (31 + partition) + topic.hashCode(). */
export function topicPartitionHashCode(topic: string, partition: number): number {
  return (Math.imul(31, 31 + partition) + javaStringHashCode(topic)) | 0;
}

/** The capacity of a `new HashMap<>()` (or HashSet) after it has held `maxSize` keys at once. */
export function javaHashMapCapacity(maxSize: number): number {
  let capacity = 16;
  while (maxSize > capacity * 0.75) capacity *= 2;
  return capacity;
}

/**
 * The keys in the order a HashMap of that capacity iterates them; `keys` in insertion order.
 * Array.prototype.sort is stable, so keys sharing a bucket keep their insertion order.
 */
export function javaHashMapOrder<T>(
  keys: readonly T[],
  hashCode: (key: T) => number,
  capacity = javaHashMapCapacity(keys.length),
): T[] {
  const bucket = (key: T): number => {
    const h = hashCode(key);
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  return [...keys].sort((a, b) => bucket(a) - bucket(b));
}
