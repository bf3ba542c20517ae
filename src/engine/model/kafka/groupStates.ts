/**
 * States of a classic consumer group and of its members. Group states are the coordinator's own
 * (group-coordinator/.../classic/ClassicGroupState.java); member states are what the canvas shows.
 */
export const GroupState = { Empty: 0, PreparingRebalance: 1, CompletingRebalance: 2, Stable: 3 } as const;
export const GROUP_STATE_NAMES = ['Empty', 'PreparingRebalance', 'CompletingRebalance', 'Stable'] as const;

/**
 * Crashed: the process died; the coordinator still counts it until session.timeout.ms passes.
 * KickedOut: max.poll.interval.ms passed without a poll, so its heartbeat thread left the group;
 * the application is still busy with its batch and rejoins at its next poll().
 */
export const MemberState = {
  Idle: 0,
  Processing: 1,
  Joining: 2,
  Leaving: 3,
  Stopped: 4,
  Crashed: 5,
  KickedOut: 6,
} as const;
export const MEMBER_STATE_NAMES = [
  'idle',
  'processing',
  'rebalancing',
  'leaving',
  'stopped',
  'crashed',
  'kicked out',
] as const;
