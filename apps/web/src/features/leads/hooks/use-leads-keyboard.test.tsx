import { fireEvent, render, renderHook } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { shortcutFor, useLeadsKeyboard, type LeadsShortcut } from './use-leads-keyboard';

const press = (key: string, init: Partial<KeyboardEventInit> = {}, target: Element = document.body) => {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
};

describe('shortcutFor', () => {
  const on = (key: string, target: Element = document.body, init: Partial<KeyboardEvent> = {}) =>
    shortcutFor({ key, ctrlKey: false, metaKey: false, altKey: false, defaultPrevented: false, isComposing: false, target, ...init });

  it('maps the page keys to actions', () => {
    expect(on('j')).toEqual({ type: 'move', by: 1 });
    expect(on('k')).toEqual({ type: 'move', by: -1 });
    expect(on('Enter')).toEqual({ type: 'open' });
    expect(on('c')).toEqual({ type: 'claim' });
    expect(on('1')).toEqual({ type: 'status', index: 0 });
    expect(on('5')).toEqual({ type: 'status', index: 4 });
    expect(on('/')).toEqual({ type: 'search' });
    expect(on('?')).toEqual({ type: 'help' });
    expect(on('Escape')).toEqual({ type: 'close' });
    expect(on('6')).toBeNull();
    expect(on('x')).toBeNull();
  });

  it('leaves keys with modifiers to the browser', () => {
    expect(on('c', document.body, { ctrlKey: true })).toBeNull();
    expect(on('k', document.body, { metaKey: true })).toBeNull();
    expect(on('1', document.body, { altKey: true })).toBeNull();
  });

  it('ignores keys typed into text fields, but not on checkboxes', () => {
    document.body.innerHTML = `
      <input id="text" /><textarea id="area"></textarea><div contenteditable="true" id="editable"></div>
      <input type="checkbox" id="box" /><div role="combobox" id="combo"></div>`;
    for (const id of ['text', 'area', 'editable', 'combo']) expect(on('j', document.getElementById(id)!)).toBeNull();
    expect(on('j', document.getElementById('box')!)).toEqual({ type: 'move', by: 1 });
  });

  it('ignores keys inside dialogs and menus, which handle their own', () => {
    document.body.innerHTML = '<div role="dialog"><button id="in-dialog">OK</button></div><div role="menu"><div id="item"></div></div>';
    expect(on('Escape', document.getElementById('in-dialog')!)).toBeNull();
    expect(on('j', document.getElementById('item')!)).toBeNull();
  });

  it('lets Enter press a focused button or follow a focused link', () => {
    document.body.innerHTML = '<button id="button">Go</button><a href="/x" id="link">x</a><div id="plain"></div>';
    expect(on('Enter', document.getElementById('button')!)).toBeNull();
    expect(on('Enter', document.getElementById('link')!)).toBeNull();
    expect(on('Enter', document.getElementById('plain')!)).toEqual({ type: 'open' });
  });
});

describe('useLeadsKeyboard', () => {
  it('calls the handler for shortcuts pressed anywhere on the page and prevents the default', () => {
    const handler = vi.fn<(s: LeadsShortcut) => void>();
    renderHook(() => useLeadsKeyboard(handler));

    const slash = press('/');
    press('j');
    press('Escape');

    expect(handler.mock.calls.map(([s]) => s)).toEqual([{ type: 'search' }, { type: 'move', by: 1 }, { type: 'close' }]);
    expect(slash.defaultPrevented).toBe(true);
  });

  it('does not react while typing in the search box', () => {
    const handler = vi.fn();
    renderHook(() => useLeadsKeyboard(handler));
    const { getByRole } = render(<input aria-label="Search" />);

    const event = press('j', {}, getByRole('textbox'));
    fireEvent.keyDown(getByRole('textbox'), { key: '2' });

    expect(handler).not.toHaveBeenCalled();
    expect(event.defaultPrevented).toBe(false);
  });

  it('stops listening when disabled or unmounted, and uses the latest handler', () => {
    const first = vi.fn();
    const second = vi.fn();
    const { rerender, unmount } = renderHook(({ handler, enabled }) => useLeadsKeyboard(handler, enabled), {
      initialProps: { handler: first, enabled: true },
    });

    rerender({ handler: second, enabled: true });
    press('k');
    rerender({ handler: second, enabled: false });
    press('k');
    rerender({ handler: second, enabled: true });
    unmount();
    press('k');

    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
  });
});
