import { lazy, Suspense, useEffect, useState } from 'react';
import type { KeyboardShortcutGroup } from '@/components/ui/keyboard-shortcuts-dialog';
import { retryImport } from '@/lib/load-chunk';

// The dialog's table and key caps load on the first "?", not with the app.
const KeyboardShortcutsDialog = lazy(() =>
  retryImport(() => import('@/components/ui/keyboard-shortcuts-dialog')).then((module) => ({ default: module.KeyboardShortcutsDialog })),
);

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
export const COMMAND_KEY = isMac ? '⌘' : 'Ctrl';

// The shortcuts of every page; a page with its own (the leads list) lists these beside them.
export const GLOBAL_SHORTCUTS: KeyboardShortcutGroup = {
  title: 'Everywhere',
  shortcuts: [
    { keys: [COMMAND_KEY, 'K'], description: 'Command menu: go to a page, find a lead, act on the open lead' },
    { keys: ['?'], description: 'Show these shortcuts' },
  ],
};

const TYPING = 'input, textarea, select, [contenteditable=""], [contenteditable="true"], [role="textbox"], [role="combobox"]';

// "?" on any page lists the shortcuts. Listens on window, after the page's own listeners on document: a page
// that handles "?" itself (and marks the event handled) keeps it.
export function GlobalShortcuts() {
  const [opened, setOpened] = useState(false);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== '?' || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest(TYPING) || target?.closest('[role="dialog"]')) return;
      event.preventDefault();
      setLoaded(true);
      setOpened(true);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
  if (!loaded) return null;
  return (
    <Suspense fallback={null}>
      <KeyboardShortcutsDialog opened={opened} onClose={() => setOpened(false)} groups={[GLOBAL_SHORTCUTS]} />
    </Suspense>
  );
}
