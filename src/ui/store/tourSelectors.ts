/** Module-scope selectors of the guided tour (the loaded scenario's meta.tour and the reader's place in it). */
import type { AppState } from './appStore';

export const selectTour = (s: AppState) => s.tour;
export const selectTourSteps = (s: AppState) => s.scenario.meta.tour;
