/**
 * "Examples": a menu button (WAI-ARIA APG menu button pattern) listing the built-in presets, each
 * with its title and a one-line summary. Picking one opens it like a file (presetActions.ts).
 * Keyboard and pointer behaviour: useMenuButton.ts.
 */
import { PRESETS, type Preset } from '../../scenario/examples/presets';
import { openPreset } from '../actions/presetActions';
import { ChevronDownIcon } from './Icons';
import { useMenuButton } from './useMenuButton';

const tourLength = (preset: Preset) => {
  const steps = preset.document.meta?.tour?.length ?? 0;
  return steps === 1 ? '1-step tour' : `${steps}-step tour`;
};

export function ExamplesMenu() {
  const { id, menuId, open, root, button, itemRef, close, toggle, onButtonKeyDown, onMenuKeyDown } = useMenuButton(
    PRESETS.length,
  );

  const pick = (preset: Preset) => {
    close(true);
    openPreset(preset);
  };

  return (
    <div className="menu-anchor" ref={root}>
      <button
        ref={button}
        type="button"
        className={`btn btn--ghost examples-button${open ? ' is-open' : ''}`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={toggle}
        onKeyDown={onButtonKeyDown}
      >
        <span>Examples</span>
        <ChevronDownIcon />
      </button>
      {open && (
        <div id={menuId} className="menu" role="menu" aria-label="Examples" onKeyDown={onMenuKeyDown}>
          <p className="menu__heading" aria-hidden="true">
            Examples with a guided tour
          </p>
          {PRESETS.map((preset, i) => (
            <button
              key={preset.id}
              ref={itemRef(i)}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className="menu__item"
              aria-labelledby={`${id}-${preset.id}-title`}
              aria-describedby={`${id}-${preset.id}-summary ${id}-${preset.id}-meta`}
              onClick={() => pick(preset)}
            >
              <span className="menu__title">
                <span id={`${id}-${preset.id}-title`}>{preset.title}</span>
                <span id={`${id}-${preset.id}-meta`} className="menu__meta">
                  {tourLength(preset)}
                </span>
              </span>
              <span id={`${id}-${preset.id}-summary`} className="menu__summary">
                {preset.summary}
              </span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
