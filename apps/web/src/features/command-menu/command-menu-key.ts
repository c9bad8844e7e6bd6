// Ctrl+K, or Cmd+K on a Mac; also from inside a text field, as in most apps with a command menu.
export function isCommandMenuKey(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'isComposing'>): boolean {
  return !event.isComposing && !event.altKey && !event.shiftKey && (event.ctrlKey || event.metaKey) && (event.key === 'k' || event.key === 'K');
}
