/**
 * The UI store: one zustand store made of slices (zustand's slices pattern). Components read it
 * through narrow, module-scope selectors; per-frame data never touches the React Flow node list.
 */
import { create } from 'zustand';
import { createRunSlice, type RunSlice } from './runSlice';
import { createScenarioSlice, type ScenarioSlice } from './scenarioSlice';
import { createUiSlice, type UiSlice } from './uiSlice';

export type AppState = ScenarioSlice & RunSlice & UiSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createScenarioSlice(...a),
  ...createRunSlice(...a),
  ...createUiSlice(...a),
}));
