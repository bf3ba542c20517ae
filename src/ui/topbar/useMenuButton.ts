/**
 * The WAI-ARIA APG menu button pattern, shared by the top bar's menus (Examples, RabbitMQ):
 * Enter, Space or ↓ opens on the first item, ↑ on the last; ↑/↓/Home/End move; Escape closes and
 * returns focus to the button; Tab or a click outside closes.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';

type Opening = 'first' | 'last' | null;

export function useMenuButton(itemCount: number) {
  const [opening, setOpening] = useState<Opening>(null);
  const open = opening !== null;
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const items = useRef<(HTMLButtonElement | null)[]>([]);
  const id = useId();
  const menuId = `${id}-menu`;

  useEffect(() => {
    if (!open) return;
    const target = opening === 'last' ? items.current[itemCount - 1] : items.current[0];
    target?.focus();
    const onPointerDown = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpening(null);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open, opening, itemCount]);

  const close = (refocus: boolean) => {
    setOpening(null);
    if (refocus) button.current?.focus();
  };

  const toggle = () => (open ? close(false) : setOpening('first'));

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

  /** A ref callback for item `i`. */
  const itemRef = (i: number) => (element: HTMLButtonElement | null) => {
    items.current[i] = element;
  };

  return { id, menuId, open, root, button, itemRef, close, toggle, onButtonKeyDown, onMenuKeyDown };
}
