/**
 * "RabbitMQ definitions": a menu button beside Open…/Save (an import/export icon: the top bar has
 * no room for more text at 1280 px) for RabbitMQ's own definitions.json — import one
 * (rabbitmqctl export_definitions, the management UI's export) as a new scenario, or export the
 * scenario's exchanges, queues and bindings as one. Export is unavailable, and says why, while the
 * scenario has no RabbitMQ exchange or queue. Keyboard and pointer behaviour: useMenuButton.ts.
 */
import { useRef } from 'react';
import {
  exportRabbitDefinitionsFile,
  importRabbitDefinitionsFile,
  rabbitExportUnavailable,
} from '../actions/fileActions';
import { useAppStore } from '../store/appStore';
import { selectScenario } from '../store/selectors';
import { HiddenFileInput } from './HiddenFileInput';
import { ChevronDownIcon, ImportExportIcon } from './Icons';
import { useMenuButton } from './useMenuButton';

export function RabbitDefinitionsMenu() {
  const { id, menuId, open, root, button, itemRef, close, toggle, onButtonKeyDown, onMenuKeyDown } = useMenuButton(2);
  const input = useRef<HTMLInputElement>(null);
  const unavailable = rabbitExportUnavailable(useAppStore(selectScenario));

  return (
    <div className="menu-anchor" ref={root}>
      <HiddenFileInput
        ref={input}
        label="Import RabbitMQ definitions file"
        onFile={(file) => void importRabbitDefinitionsFile(file)}
      />
      <button
        ref={button}
        type="button"
        className={`btn btn--ghost examples-button${open ? ' is-open' : ''}`}
        aria-label="RabbitMQ definitions"
        title="RabbitMQ definitions.json: import or export"
        style={{ paddingInline: 8 }}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={toggle}
        onKeyDown={onButtonKeyDown}
      >
        <ImportExportIcon />
        <ChevronDownIcon />
      </button>
      {open && (
        <div id={menuId} className="menu" role="menu" aria-label="RabbitMQ definitions" onKeyDown={onMenuKeyDown}>
          <button
            ref={itemRef(0)}
            type="button"
            role="menuitem"
            tabIndex={-1}
            className="menu__item"
            aria-describedby={`${id}-import`}
            onClick={() => {
              close(true);
              input.current?.click();
            }}
          >
            <span className="menu__title">Import RabbitMQ definitions…</span>
            <span id={`${id}-import`} className="menu__summary">
              A definitions.json from rabbitmqctl export_definitions or the management UI, as a new scenario
            </span>
          </button>
          <button
            ref={itemRef(1)}
            type="button"
            role="menuitem"
            tabIndex={-1}
            className="menu__item"
            aria-disabled={unavailable !== undefined}
            aria-describedby={`${id}-export`}
            title={unavailable}
            style={unavailable ? { opacity: 0.5, cursor: 'default' } : undefined}
            onClick={() => {
              if (unavailable) return;
              close(true);
              exportRabbitDefinitionsFile();
            }}
          >
            <span className="menu__title">Export RabbitMQ definitions</span>
            <span id={`${id}-export`} className="menu__summary">
              {unavailable ?? "Downloads definitions.json: this scenario's exchanges, queues and bindings"}
            </span>
          </button>
        </div>
      )}
    </div>
  );
}
