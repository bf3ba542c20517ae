/**
 * States of a classic consumer group and of its members. Group states are the coordinator's own
 * (group-coordinator/.../classic/ClassicGroupState.java); member states are what the canvas shows.
 */
export const GroupState = { Empty: 0, PreparingRebalance: 1, CompletingRebalance: 2, Stable: 3 } as const;
export const GROUP_STATE_NAMES = ['Empty', 'PreparingRebalance', 'CompletingRebalance', 'Stable'] as const;

export const MemberState = { Idle: 0, Processing: 1, Joining: 2, Leaving: 3, Stopped: 4 } as const;
export const MEMBER_STATE_NAMES = ['idle', 'processing', 'rebalancing', 'leaving', 'stopped'] as const;
