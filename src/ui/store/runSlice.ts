/**
 * The latest frame from the simulation worker: layout, the values array, the clock and the play
 * state, plus the bounded chart series and the message dots. Updated once per frame, in one set().
 */
import type { StateCreator } from 'zustand';
import type { MetricsSample, RecentMove, SnapshotLayout } from '../../engine';
import type { Speed } from '../../worker/protocol';
import type { LiveFrame } from '../../worker/engineClient';
import type { AppState } from './appStore';
import { EMPTY_INDEX, indexLayout, type LayoutIndex } from './layoutIndex';

/** Chart points kept (the oldest are dropped). */
export const MAX_SERIES_POINTS = 600;
/** Dots on the canvas at once; more moves than this are sampled, the counters tell the truth. */
export const MAX_DOTS = 20;
/** New dots taken from one frame. */
const DOTS_PER_FRAME = 3;
/** Wall time a dot takes along its edge. */
export const DOT_TRAVEL_MS = 500;

export type Dot = RecentMove & { id: number; bornAt: number };

export type RunSlice = {
  layout: SnapshotLayout | null;
  index: LayoutIndex;
  values: Float64Array;
  timeMs: number;
  events: number;
  playing: boolean;
  speed: Speed;
  runId: number;
  series: MetricsSample[];
  dots: Dot[];
  /** Frames received, for tests and the frame-budget bench. */
  frames: number;
  ingestFrame(frame: LiveFrame, wallMs: number): void;
  pruneDots(wallMs: number): void;
};

let nextDotId = 1;

export const createRunSlice: StateCreator<AppState, [], [], RunSlice> = (set) => ({
  layout: null,
  index: EMPTY_INDEX,
  values: new Float64Array(0),
  timeMs: 0,
  events: 0,
  playing: false,
  speed: 1,
  runId: -1,
  series: [],
  dots: [],
  frames: 0,
  ingestFrame: (frame, wallMs) => set((s) => ingest(s, frame, wallMs)),
  pruneDots: (wallMs) =>
    set((s) => {
      const alive = s.dots.filter((d) => wallMs - d.bornAt < DOT_TRAVEL_MS + 100);
      return alive.length === s.dots.length ? {} : { dots: alive };
    }),
});

function ingest(s: AppState, frame: LiveFrame, wallMs: number): Partial<AppState> {
  // A replacement worker counts runs from 1 again, so a clock going backwards is a new run too.
  const newRun = frame.runId !== s.runId || frame.timeMs < s.timeMs;
  const next: Partial<AppState> = {
    values: frame.values,
    timeMs: frame.timeMs,
    events: frame.events,
    playing: frame.playing,
    speed: frame.speed,
    runId: frame.runId,
    frames: s.frames + 1,
  };
  if (frame.layout !== s.layout) {
    next.layout = frame.layout;
    next.index = indexLayout(frame.layout);
  }
  if (newRun || frame.samples.length > 0) {
    const base = newRun ? [] : s.series;
    const joined = frame.samples.length ? base.concat(frame.samples) : base;
    next.series = joined.length > MAX_SERIES_POINTS ? joined.slice(-MAX_SERIES_POINTS) : joined;
  }
  const dots = addDots(newRun ? [] : s.dots, frame.moves, wallMs);
  if (dots !== s.dots) next.dots = dots;
  return next;
}

function addDots(current: Dot[], moves: readonly RecentMove[], wallMs: number): Dot[] {
  const alive = current.filter((d) => wallMs - d.bornAt < DOT_TRAVEL_MS + 100);
  let room = Math.min(MAX_DOTS - alive.length, DOTS_PER_FRAME);
  if (room <= 0 || moves.length === 0) return alive.length === current.length ? current : alive;
  // Sample evenly from the moves of this frame rather than always the first few.
  const stride = Math.max(1, Math.floor(moves.length / room));
  for (let i = 0; i < moves.length && room > 0; i += stride, room--) {
    const move = moves[i] as RecentMove;
    alive.push({ ...move, id: nextDotId++, bornAt: wallMs });
  }
  return alive;
}
