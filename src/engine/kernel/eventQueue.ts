/**
 * The pending-event set: a binary min-heap ordered by (time, sequence), as SimPy's
 * `Environment.schedule` orders its heap by (time, priority, eid). The sequence number breaks
 * ties deterministically: two events at the same virtual time run in the order they were
 * scheduled.
 *
 * Events are plain numbers in typed arrays (a kind, a target and one integer argument) so the hot
 * loop allocates nothing: the heap holds slot indices, and a slot's fields live in parallel arrays.
 */

/** Sequence numbers of late events start here (2^52; ordinary ones stay far below, and both are exact doubles). */
const LATE = 4503599627370496;

export class EventQueue {
  private time = new Float64Array(1024);
  private seq = new Float64Array(1024);
  private kinds = new Int32Array(1024);
  private targets = new Int32Array(1024);
  private args = new Int32Array(1024);
  private heap = new Int32Array(1024);
  private free = new Int32Array(1024);
  private freeCount = 0;
  private slots = 0;
  private size = 0;
  private nextSeq = 0;

  get length(): number {
    return this.size;
  }

  /** Schedules an event; returns nothing (events are cancelled by epoch checks in the models). */
  push(time: number, kind: number, target: number, arg: number): void {
    this.insert(time, this.nextSeq++, kind, target, arg);
  }

  /**
   * Schedules an event that runs after every ordinary event at the same time, whenever those were
   * scheduled. An action recorded while a run was paused at time T (everything at T already done)
   * then replays in the same place when the scenario is run again from the start.
   */
  pushLate(time: number, kind: number, target: number, arg: number): void {
    this.insert(time, LATE + this.nextSeq++, kind, target, arg);
  }

  private insert(time: number, seqNumber: number, kind: number, target: number, arg: number): void {
    const slot = this.freeCount > 0 ? (this.free[--this.freeCount] as number) : this.allocateSlot();
    this.time[slot] = time;
    this.seq[slot] = seqNumber;
    this.kinds[slot] = kind;
    this.targets[slot] = target;
    this.args[slot] = arg;
    if (this.size === this.heap.length) this.heap = grow(this.heap);
    let i = this.size++;
    const heap = this.heap;
    const times = this.time;
    const seqs = this.seq;
    const seq = seqs[slot] as number;
    // sift up (ties: the earlier-scheduled event stays above)
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as number;
      const tp = times[p] as number;
      if (tp < time || (tp === time && (seqs[p] as number) < seq)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = slot;
  }

  /** Time of the earliest event, or Infinity when empty. */
  peekTime(): number {
    return this.size === 0 ? Infinity : (this.time[this.heap[0] as number] as number);
  }

  /**
   * Removes the earliest event and returns its slot; read it with timeOf/kindOf/targetOf/argOf
   * before the next push.
   */
  pop(): number {
    const heap = this.heap;
    const top = heap[0] as number;
    const last = heap[--this.size] as number;
    if (this.size > 0) {
      // sift down
      const times = this.time;
      const seqs = this.seq;
      const lastTime = times[last] as number;
      const lastSeq = seqs[last] as number;
      let i = 0;
      const n = this.size;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= n) break;
        let c = heap[child] as number;
        let ct = times[c] as number;
        const right = child + 1;
        if (right < n) {
          const r = heap[right] as number;
          const rt = times[r] as number;
          if (rt < ct || (rt === ct && (seqs[r] as number) < (seqs[c] as number))) {
            child = right;
            c = r;
            ct = rt;
          }
        }
        if (lastTime < ct || (lastTime === ct && lastSeq < (seqs[c] as number))) break;
        heap[i] = c;
        i = child;
      }
      heap[i] = last;
    }
    if (this.freeCount === this.free.length) this.free = grow(this.free);
    this.free[this.freeCount++] = top;
    return top;
  }

  timeOf(slot: number): number {
    return this.time[slot] as number;
  }
  kindOf(slot: number): number {
    return this.kinds[slot] as number;
  }
  targetOf(slot: number): number {
    return this.targets[slot] as number;
  }
  argOf(slot: number): number {
    return this.args[slot] as number;
  }

  private allocateSlot(): number {
    if (this.slots === this.time.length) {
      this.time = grow(this.time);
      this.seq = grow(this.seq);
      this.kinds = grow(this.kinds);
      this.targets = grow(this.targets);
      this.args = grow(this.args);
    }
    return this.slots++;
  }
}

function grow<T extends Float64Array | Int32Array>(array: T): T {
  const next = new (array.constructor as new (n: number) => T)(array.length * 2);
  next.set(array);
  return next;
}
