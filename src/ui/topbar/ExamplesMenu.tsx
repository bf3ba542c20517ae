/**
 * "Examples": a menu button (WAI-ARIA APG menu button pattern) listing the built-in presets, each
 * with its title and a one-line summary. Picking one opens it like a file (presetActions.ts).
 * Keyboard: Enter, Space or ↓ opens on the first item, ↑ on the last; ↑/↓/Home/End move; Escape
 * closes and returns focus to the button; Tab or a click outside closes.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { PRESETS, type Preset } from '../../scenario/examples/presets';
import { openPreset } from '../actions/presetActions';
import { ChevronDownIcon } from './Icons';

type Opening = 'first' | 'last' | null;

const tourLength = (preset: Preset) => {
  const steps = preset.document.meta?.tour?.length ?? 0;
  return steps === 1 ? '1-step tour' : `${steps}-step tour`;
};

export function ExamplesMenu() {
  const [opening, setOpening] = useState<Opening>(null);
  const open = opening !== null;
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const items = useRef<(HTMLButtonElement | null)[]>([]);
  const id = useId();
  const menuId = `${id}-menu`;

  useEffect(() => {
    if (!open) return;
    const target = opening === 'last' ? items.current[PRESETS.length - 1] : items.current[0];
    target?.focus();
    const onPointerDown = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpening(null);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open, opening]);

  const close = (refocus: boolean) => {
    setOpening(null);
    if (refocus) button.current?.focus();
  };

  const pick = (preset: Preset) => {
    close(true);
    openPreset(preset);
  };

  const onButtonKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpening(event.key === 'ArrowDown' ? 'first' : 'last');
    }
  };

  const onMenuKeyDown = (event: KeyboardEvent) => {
    const list = items.current.filter((item): item is HTMLButtonElement => item !== null);
    const at = list.indexOf(document.activeElement as HTMLButtonElement);
    const focus = (i: number) => list[(i + list.length) % list.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        focus(at + 1);
        break;
      case 'ArrowUp':
        focus(at - 1);
        break;
      case 'Home':
        focus(0);
        break;
      case 'End':
        focus(list.length - 1);
        break;
      case 'Escape':
        close(true);
        break;
      case 'Tab':
        close(false);
        return; // let focus move on
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
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
        onClick={() => (open ? close(false) : setOpening('first'))}
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
              ref={(element) => {
                items.current[i] = element;
              }}
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
