/**
 * One row per produced record, as a struct of typed arrays that grow together (one capacity
 * check per record instead of one per column).
 */
export class MessageTable {
  length = 0;
  producedAt = new Float64Array(4096);
  offset = new Float64Array(4096);
  key = new Int32Array(4096);
  producer = new Int32Array(4096);
  topic = new Int32Array(4096);
  partition = new Int32Array(4096);
  bytes = new Int32Array(4096);
  by = new Int32Array(4096);
  /** 1 for a record with a null value (a tombstone). */
  tombstone = new Uint8Array(4096);
  /** 1 once the producer got its acknowledgement (per its acks setting). */
  acked = new Uint8Array(4096);
  /** When the leader first wrote it (−1 until then). */
  appendedAt = new Float64Array(4096);
  /** How many copies of the record the log holds (2 after a retry wrote it again; 0 once truncated). */
  copies = new Uint8Array(4096);

  /** Adds a row and returns its id. */
  add(
    producedAt: number,
    key: number,
    producer: number,
    topic: number,
    partition: number,
    offset: number,
    bytes: number,
    by: number,
    tombstone = 0,
  ): number {
    const id = this.length;
    if (id === this.producedAt.length) this.grow();
    this.producedAt[id] = producedAt;
    this.key[id] = key;
    this.producer[id] = producer;
    this.topic[id] = topic;
    this.partition[id] = partition;
    this.offset[id] = offset;
    this.appendedAt[id] = -1;
    this.bytes[id] = bytes;
    this.by[id] = by;
    this.tombstone[id] = tombstone;
    this.length = id + 1;
    return id;
  }

  private grow(): void {
    const size = this.producedAt.length * 2;
    const f = (a: Float64Array) => {
      const next = new Float64Array(size);
      next.set(a);
      return next;
    };
    const i = (a: Int32Array) => {
      const next = new Int32Array(size);
      next.set(a);
      return next;
    };
    this.producedAt = f(this.producedAt);
    this.offset = f(this.offset);
    this.appendedAt = f(this.appendedAt);
    this.key = i(this.key);
    this.producer = i(this.producer);
    this.topic = i(this.topic);
    this.partition = i(this.partition);
    this.bytes = i(this.bytes);
    this.by = i(this.by);
    const bytes8 = (a: Uint8Array) => {
      const next = new Uint8Array(size);
      next.set(a);
      return next;
    };
    this.tombstone = bytes8(this.tombstone);
    this.acked = bytes8(this.acked);
    this.copies = bytes8(this.copies);
  }
}
