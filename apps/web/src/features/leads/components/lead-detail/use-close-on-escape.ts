import { useEffect, type RefObject } from 'react';

// Typing targets and dialogs (a confirmation, a picker's dropdown) handle Escape themselves.
const OWN_ESCAPE = 'input, textarea, select, [contenteditable="true"], [role="dialog"], [role="listbox"]';

// Escape anywhere on the page closes the panel, unless something that uses Escape itself has the focus.
// A drawer holding the panel is a dialog too: Escape inside it still reaches the panel.
export function useCloseOnEscape(panel: RefObject<HTMLElement | null>, onClose: () => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      const target = event.target instanceof Element ? event.target : null;
      const owner = target?.closest(OWN_ESCAPE);
      if (owner && !(owner.getAttribute('role') === 'dialog' && panel.current && owner.contains(panel.current))) return;
      onClose();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [panel, onClose]);
}
