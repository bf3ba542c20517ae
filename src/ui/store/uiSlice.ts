/** Panels and feedback: the "Why here?" panel, toasts, the load-error dialog and the guided tour. */
import type { StateCreator } from 'zustand';
import type { RabbitMessageInfo, RecordInfo } from '../../engine';
import type { ScenarioProblem } from '../../scenario/parseScenario';
import type { AppState } from './appStore';

export type WhyState =
  | { status: 'closed' }
  | { status: 'loading'; subject: string }
  | { status: 'ready'; subject: string; info: RecordInfo }
  /** A RabbitMQ message: where it was routed and what happened to it in each queue. */
  | { status: 'rabbit'; subject: string; info: RabbitMessageInfo }
  | { status: 'missing'; subject: string; message: string };

export type Toast = { id: number; tone: 'info' | 'warning' | 'error'; message: string };

/** Where the reader is in the loaded scenario's `meta.tour`; reset on every load. */
export type TourState = {
  /** false: only the small "Tour" button shows. */
  open: boolean;
  /** true: the card shows its header only. */
  collapsed: boolean;
  /** Index into meta.tour (clamped when shown). */
  step: number;
  /** The virtual time "Run to" is heading for, while it runs; null otherwise. */
  runningToMs: number | null;
};

export const INITIAL_TOUR: TourState = { open: true, collapsed: false, step: 0, runningToMs: null };

export type UiSlice = {
  why: WhyState;
  tour: TourState;
  toasts: Toast[];
  /** Problems of the file that failed to load; null when the dialog is closed. */
  loadProblems: ScenarioProblem[] | null;
  setWhy(why: WhyState): void;
  pushToast(tone: Toast['tone'], message: string): number;
  dismissToast(id: number): void;
  setLoadProblems(problems: ScenarioProblem[] | null): void;
  setTour(patch: Partial<TourState>): void;
  /** A new scenario was loaded: its tour (if any) opens at the first step. */
  resetTour(): void;
};

/** Toasts shown at once; the oldest go first. */
const MAX_TOASTS = 4;
let nextToastId = 1;

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  why: { status: 'closed' },
  tour: INITIAL_TOUR,
  toasts: [],
  loadProblems: null,
  setWhy: (why) => set({ why }),
  pushToast: (tone, message) => {
    const id = nextToastId++;
    set((s) => ({
      toasts: [...s.toasts.filter((t) => t.message !== message), { id, tone, message }].slice(-MAX_TOASTS),
    }));
    return id;
  },
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  setLoadProblems: (loadProblems) => set({ loadProblems }),
  setTour: (patch) => set((s) => ({ tour: { ...s.tour, ...patch } })),
  resetTour: () => set({ tour: INITIAL_TOUR }),
});
