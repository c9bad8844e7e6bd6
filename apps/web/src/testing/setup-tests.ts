import '@testing-library/jest-dom/vitest';
import { notifications } from '@mantine/notifications';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// A lazy page is transformed on first import, which can take over the default 1 s on a cold, busy machine.
configure({ asyncUtilTimeout: 10_000 });

// jsdom lacks the browser APIs below that Mantine calls; these stand-ins report a wide light-themed screen.
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string): MediaQueryList => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  }),
});

class ResizeObserverStub implements ResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
window.ResizeObserver = ResizeObserverStub;

// Mantine's combobox (TagsInput, Select) scrolls the active option into view as the user types.
if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = () => undefined;

// jsdom has no fetch API, so Node's is used, and Node's Request cannot resolve a relative URL such as
// '/health' against the page the way a browser does. The API client sends relative URLs (same origin).
const NodeRequest = globalThis.Request;
class PageRelativeRequest extends NodeRequest {
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(typeof input === 'string' ? new URL(input, document.baseURI) : input, init);
  }
}
globalThis.Request = PageRelativeRequest;

// Hooks run last-registered-first, so this runs after each test file's own afterEach hooks.
afterEach(() => {
  // Unmounted first, then the toast store every render shares is emptied: emptied while a toast is still on
  // screen, it would update the mounted Notifications outside act().
  cleanup();
  notifications.clean();
  localStorage.clear();
});

// Mantine's auto-sizing Textarea waits for fonts; jsdom has no FontFaceSet.
Object.defineProperty(document, 'fonts', { value: { ready: Promise.resolve(), addEventListener: () => undefined, removeEventListener: () => undefined }, configurable: true });
