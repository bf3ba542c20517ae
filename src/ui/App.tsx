/** The app shell: top bar, palette, canvas (with the why panel and the tour over it), inspector, charts. */
import { ReactFlowProvider } from '@xyflow/react';
import { Canvas } from './canvas/Canvas';
import { ChartsPanel } from './charts/ChartsPanel';
import { Inspector } from './inspector/Inspector';
import { Palette } from './palette/Palette';
import { LoadErrorDialog } from './panels/LoadErrorDialog';
import { Toasts } from './panels/Toasts';
import { TourPanel } from './panels/TourPanel';
import { WhyPanel } from './panels/WhyPanel';
import { TopBar } from './topbar/TopBar';

export function App() {
  return (
    <ReactFlowProvider>
      <div className="app">
        <TopBar />
        <Palette />
        <main className="stage">
          <Canvas />
          <WhyPanel />
          <TourPanel />
        </main>
        <Inspector />
        <ChartsPanel />
      </div>
      <Toasts />
      <LoadErrorDialog />
    </ReactFlowProvider>
  );
}
