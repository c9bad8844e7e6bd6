import { Drawer } from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import { useRef, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import classes from './leads-page.module.css';

const MIN_WIDTH = 360;
const MAX_WIDTH = 960;
const DEFAULT_WIDTH = 480;
const KEY_STEP = 24;
export const PANEL_WIDTH_STORAGE_KEY = 'hotleads-lead-panel-width';

const clamp = (value: number) => Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, value)));

interface LeadPanelLayoutProps {
  list: ReactNode;
  panel: ReactNode;
  panelOpen: boolean;
  onClosePanel: () => void;
  // Wide screens put the lead beside the list (resizable); narrower ones open it over the list.
  wide: boolean;
}

// The list stays mounted (scroll position, selection, j/k) while a lead opens beside it or over it.
export function LeadPanelLayout({ list, panel, panelOpen, onClosePanel, wide }: LeadPanelLayoutProps) {
  const [stored, setWidth] = useLocalStorage<number>({ key: PANEL_WIDTH_STORAGE_KEY, defaultValue: DEFAULT_WIDTH, getInitialValueInEffect: false });
  const width = clamp(typeof stored === 'number' ? stored : DEFAULT_WIDTH);
  const drag = useRef<{ startX: number; startWidth: number } | null>(null);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { startX: event.clientX, startWidth: width };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    // The panel is on the right: dragging left widens it.
    if (drag.current) setWidth(clamp(drag.current.startWidth + drag.current.startX - event.clientX));
  };
  const onPointerUp = () => {
    drag.current = null;
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const by = { ArrowLeft: KEY_STEP, ArrowRight: -KEY_STEP, Home: MAX_WIDTH, End: -MAX_WIDTH }[event.key];
    if (by === undefined) return;
    event.preventDefault();
    setWidth(clamp(width + by));
  };

  if (!wide) {
    return (
      <div className={classes.split} style={{ gridTemplateColumns: 'minmax(0, 1fr)' }}>
        {list}
        <Drawer
          opened={panelOpen}
          onClose={onClosePanel}
          position="right"
          size="100%"
          // The panel has its own heading and close button (and closes itself on Escape, so the drawer must
          // not navigate as well); the hidden title still names the dialog.
          title="Lead details"
          withCloseButton={false}
          closeOnEscape={false}
          styles={{ header: { display: 'none' } }}
          padding="md"
        >
          {panel}
        </Drawer>
      </div>
    );
  }

  return (
    <div className={classes.split} style={{ gridTemplateColumns: panelOpen ? `minmax(0, 1fr) 12px ${width}px` : 'minmax(0, 1fr)' }}>
      {list}
      {panelOpen && (
        <>
          <div
            role="separator"
            aria-orientation="vertical"
            aria-label="Resize the lead panel"
            aria-valuemin={MIN_WIDTH}
            aria-valuemax={MAX_WIDTH}
            aria-valuenow={width}
            tabIndex={0}
            className={classes.resizer}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerCancel={onPointerUp}
            onKeyDown={onKeyDown}
            onDoubleClick={() => setWidth(DEFAULT_WIDTH)}
          />
          <aside className={classes.panel} aria-label="Lead details">
            {panel}
          </aside>
        </>
      )}
    </div>
  );
}
