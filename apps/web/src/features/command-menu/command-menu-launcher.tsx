import { Modal } from '@mantine/core';
import { lazy, Suspense, useEffect, useState } from 'react';
import { PageErrorNotice } from '@/components/errors/page-error';
import { retryImport } from '@/lib/load-chunk';
import { isCommandMenuKey } from './command-menu-key';

// Loaded on first use: the menu and its search stay out of the first page's bundle. If its code cannot be
// downloaded, the menu says so with a reload instead of breaking the page.
const CommandMenu = lazy(() =>
  retryImport(() => import('./command-menu')).catch(() => ({
    default: ({ opened, onClose }: { opened: boolean; onClose: () => void }) => (
      <Modal opened={opened} onClose={onClose} title="Command menu">
        <PageErrorNotice chunk />
      </Modal>
    ),
  })),
);

export interface CommandMenuLauncherApi {
  open: () => void;
}

// Ctrl/Cmd+K anywhere in the signed-in app opens the command menu; `render` receives an opener for a button.
export function CommandMenuLauncher({ render }: { render?: (api: CommandMenuLauncherApi) => React.ReactNode }) {
  const [opened, setOpened] = useState(false);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isCommandMenuKey(event)) return;
      event.preventDefault();
      setLoaded(true);
      setOpened((current) => !current);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
  const open = () => {
    setLoaded(true);
    setOpened(true);
  };
  return (
    <>
      {render?.({ open })}
      {loaded && (
        <Suspense fallback={null}>
          <CommandMenu opened={opened} onClose={() => setOpened(false)} />
        </Suspense>
      )}
    </>
  );
}
