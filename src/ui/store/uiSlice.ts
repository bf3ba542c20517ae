/** Panels and feedback: the "Why here?" panel, toasts, and the load-error dialog. */
import type { StateCreator } from 'zustand';
import type { RecordInfo } from '../../engine';
import type { ScenarioProblem } from '../../scenario/parseScenario';
import type { AppState } from './appStore';

export type WhyState =
  | { status: 'closed' }
  | { status: 'loading'; subject: string }
  | { status: 'ready'; subject: string; info: RecordInfo }
  | { status: 'missing'; subject: string; message: string };

export type Toast = { id: number; tone: 'info' | 'warning' | 'error'; message: string };

export type UiSlice = {
  why: WhyState;
  toasts: Toast[];
  /** Problems of the file that failed to load; null when the dialog is closed. */
  loadProblems: ScenarioProblem[] | null;
  setWhy(why: WhyState): void;
  pushToast(tone: Toast['tone'], message: string): number;
  dismissToast(id: number): void;
  setLoadProblems(problems: ScenarioProblem[] | null): void;
};

/** Toasts shown at once; the oldest go first. */
const MAX_TOASTS = 4;
let nextToastId = 1;

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  why: { status: 'closed' },
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
});
