/**
 * The trace: one plain record per lifecycle step, as namespaced past-tense facts
 * ('kafka.record.appended'), in the spirit of xstate's inspection events. Records are only built
 * when a sink is attached, so a run without a trace pays nothing for it.
 */

export type TraceRecord =
  | {
      t: number;
      type: 'kafka.record.appended';
      msg: number;
      producer: string;
      topic: string;
      partition: number;
      offset: number;
      key: string | null;
      /** Why this partition: the key's hash, the sticky choice for null keys, or an explicit one. */
      by: 'key' | 'sticky' | 'explicit';
    }
  | { t: number; type: 'kafka.record.failed'; msg: number; producer: string; topic: string; reason: string }
  | {
      t: number;
      type: 'kafka.record.delivered';
      msg: number;
      group: string;
      member: string;
      topic: string;
      partition: number;
      offset: number;
    }
  | { t: number; type: 'kafka.record.processed'; msg: number; group: string; member: string; latencyMs: number }
  | {
      t: number;
      type: 'kafka.offsets.committed';
      group: string;
      member: string;
      topic: string;
      partition: number;
      /** The committed offset: the next offset the group will read. */
      offset: number;
    }
  | {
      t: number;
      type: 'kafka.group.rebalanced';
      group: string;
      generation: number;
      assignment: Record<string, string[]>;
    };

export type TraceSink = (record: TraceRecord) => void;
