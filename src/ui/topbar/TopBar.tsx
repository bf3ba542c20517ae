/** The top bar: product, scenario title, time controls, examples and files. */
import { useAppStore } from '../store/appStore';
import { selectTitle } from '../store/selectors';
import { FileButtons } from './FileButtons';
import { Logo } from './Icons';
import { TimeControls } from './TimeControls';

export function TopBar() {
  const title = useAppStore(selectTitle);
  return (
    <header className="topbar">
      <div className="brand">
        <Logo />
        <span className="brand__name">Eventscope</span>
      </div>
      <span className="topbar__divider" aria-hidden="true" />
      <h1 className="topbar__title" title={title}>
        {title}
      </h1>
      <TimeControls />
      <FileButtons />
    </header>
  );
}
