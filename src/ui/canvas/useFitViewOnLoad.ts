/**
 * Fits the whole scenario into view each time a scenario is loaded (startup, Open…, Examples).
 * When the scenario has a tour and the canvas is wide, the fit leaves the tour card's strip on
 * the left free so the nodes stay visible beside it (on narrower canvases the examples place
 * their left-hand nodes low, below the card).
 */
import { useReactFlow, type FitViewOptions } from '@xyflow/react';
import { useEffect } from 'react';
import { useAppStore } from '../store/appStore';
import { selectLoadId } from '../store/selectors';

/** The tour card's width plus its margins (tour.css). */
const TOUR_CARD_SPACE = '350px';
/** Below this canvas width, reserving the card's strip would shrink the nodes too far. */
const MIN_WIDTH_FOR_TOUR_SPACE = 1000;

export function useFitViewOnLoad(options: FitViewOptions): void {
  const loadId = useAppStore(selectLoadId);
  const { fitView } = useReactFlow();
  useEffect(() => {
    if (loadId === 0) return;
    const hasTour = useAppStore.getState().scenario.meta.tour.length > 0;
    const width = document.querySelector('.react-flow')?.clientWidth ?? 0;
    const fit: FitViewOptions =
      hasTour && width >= MIN_WIDTH_FOR_TOUR_SPACE
        ? { ...options, padding: { left: TOUR_CARD_SPACE, top: '24px', right: '24px', bottom: '24px' } }
        : options;
    // Wait a frame so React Flow has measured the new nodes.
    const frame = requestAnimationFrame(() => void fitView(fit));
    return () => cancelAnimationFrame(frame);
  }, [loadId, fitView, options]);
}
