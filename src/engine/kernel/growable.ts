/** A typed array that doubles when full: a partition log's message ids. */

export class GrowableInt32 {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  push(value: number): number {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length] = value;
    return this.length++;
  }
}

/** A byte per index that grows on demand: per-message flags such as a group's processed state. */
export class GrowableUint8 {
  data = new Uint8Array(4096);
  /** Makes index `i` addressable (new bytes are 0). */
  ensure(i: number): void {
    if (i < this.data.length) return;
    let size = this.data.length * 2;
    while (size <= i) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.data);
    this.data = next;
  }
}
