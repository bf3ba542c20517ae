/** Fits the whole scenario into view each time a scenario is loaded (startup, Open…). */
import { useReactFlow, type FitViewOptions } from '@xyflow/react';
import { useEffect } from 'react';
import { useAppStore } from '../store/appStore';
import { selectLoadId } from '../store/selectors';

export function useFitViewOnLoad(options: FitViewOptions): void {
  const loadId = useAppStore(selectLoadId);
  const { fitView } = useReactFlow();
  useEffect(() => {
    if (loadId === 0) return;
    // Wait a frame so React Flow has measured the new nodes.
    const frame = requestAnimationFrame(() => void fitView(options));
    return () => cancelAnimationFrame(frame);
  }, [loadId, fitView, options]);
}
