import type { LeadStatus } from '@hotleads/shared';
import { useEffect, useLayoutEffect, useRef } from 'react';

// The leads page's single-key shortcuts (see the ? dialog). Keys go to the page only when the user is not
// typing and no dialog or menu has the focus.
export type LeadsShortcut =
  | { type: 'move'; by: 1 | -1 }
  | { type: 'open' }
  | { type: 'claim' }
  // 1-5: the index into STATUS_SHORTCUTS.
  | { type: 'status'; index: number }
  | { type: 'search' }
  | { type: 'help' }
  | { type: 'close' };

export const STATUS_SHORTCUT_KEYS = ['1', '2', '3', '4', '5'] as const;

type KeyInput = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'defaultPrevented' | 'isComposing' | 'target'>;

const TYPING =
  'input:not([type="checkbox"]):not([type="radio"]):not([type="button"]):not([type="submit"]):not([type="reset"]), textarea, select, [contenteditable=""], [contenteditable="true"], [role="textbox"], [role="combobox"], [role="searchbox"]';
// Inside these the keys belong to the widget (a dialog's own Escape, a menu's arrow and letter keys).
const OWN_KEYS = '[role="dialog"], [role="alertdialog"], [role="menu"], [role="listbox"], [aria-modal="true"]';
// Enter on these does what they do (follow the link, press the button) rather than open the active lead.
const INTERACTIVE = 'a[href], button, summary, [role="button"], [role="link"], [role="checkbox"], [role="switch"], [role="tab"]';

const asElement = (target: EventTarget | null): Element | null => (target instanceof Element ? target : null);

export function shortcutFor(event: KeyInput): LeadsShortcut | null {
  if (event.defaultPrevented || event.isComposing || event.ctrlKey || event.metaKey || event.altKey) return null;
  const target = asElement(event.target);
  if (target?.closest(TYPING) || target?.closest(OWN_KEYS)) return null;
  switch (event.key) {
    case 'j':
    case 'J':
      return { type: 'move', by: 1 };
    case 'k':
    case 'K':
      return { type: 'move', by: -1 };
    case 'Enter':
      return target?.closest(INTERACTIVE) ? null : { type: 'open' };
    case 'c':
    case 'C':
      return { type: 'claim' };
    case '/':
      return { type: 'search' };
    case '?':
      return { type: 'help' };
    case 'Escape':
      return { type: 'close' };
    default: {
      const index = (STATUS_SHORTCUT_KEYS as readonly string[]).indexOf(event.key);
      return index === -1 ? null : { type: 'status', index };
    }
  }
}

// Listens on the document while `enabled`; the handler always sees the latest props.
export function useLeadsKeyboard(handler: (shortcut: LeadsShortcut) => void, enabled = true): void {
  const latest = useRef(handler);
  // Before the browser can deliver the next key press: quick j-j-k must each see the previous one's result.
  useLayoutEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const shortcut = shortcutFor(event);
      if (!shortcut) return;
      // "/" must not land in the search box it focuses; j/k must not scroll the page as well.
      if (shortcut.type !== 'close') event.preventDefault();
      latest.current(shortcut);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}

// What 1-5 set: the lifecycle after "unread", in order (see LEAD_STATUSES).
export const STATUS_SHORTCUTS = ['processing', 'contacted', 'qualified', 'converted', 'archived'] as const satisfies readonly LeadStatus[];
