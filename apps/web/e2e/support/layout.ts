import type { Locator, Page } from 'playwright-core';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

// Generous: on a loaded 2-core machine a frame can take a second, and a drawer's slide several.
const SETTLE_TIMEOUT_MS = 20_000;

// Resolves once the page has stopped moving: fonts loaded, no finite CSS transition or animation running, and
// every element where it was one frame before. Looping animations (spinners, skeleton pulses, the live dot)
// never end, so they and what is inside them are left out. Measure, screenshot or run axe only after this:
// a viewport change, a drawer sliding in or data arriving reflows the page over several frames.
export async function layoutSettled(page: Page, timeout = SETTLE_TIMEOUT_MS): Promise<void> {
  const moving = await page.evaluate(async (timeout) => {
    const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
    const deadline = performance.now() + timeout;
    await document.fonts.ready;
    let last: string | undefined;
    for (;;) {
      await frame();
      const animations = document.getAnimations().filter((a) => a.playState === 'running');
      const looping = animations
        .filter((a) => a.effect?.getTiming().iterations === Infinity)
        .map((a) => (a.effect as KeyframeEffect | null)?.target)
        .filter((target): target is Element => target instanceof Element);
      const finite = animations.filter((a) => a.effect?.getTiming().iterations !== Infinity);
      let signature: string | undefined;
      if (finite.length === 0) {
        signature = '';
        for (const element of document.body.querySelectorAll('*')) {
          if (looping.some((target) => target.contains(element))) continue;
          const r = element.getBoundingClientRect();
          signature += `${r.x},${r.y},${r.width},${r.height};`;
        }
        if (signature === last) return undefined;
      }
      last = signature;
      if (performance.now() > deadline) {
        return finite.length
          ? `still running: ${finite.map((a) => (a as CSSTransition).transitionProperty ?? (a as CSSAnimation).animationName ?? a.constructor.name).join(', ')}`
          : 'elements still moving from frame to frame';
      }
    }
  }, timeout);
  if (moving) throw new Error(`The page did not settle within ${timeout / 1000} s (${moving})`);
}

// The boxes of `locators`, measured together in one frame once the page has settled, and the same in two
// measurements in a row: never a box from one layout next to a box from another.
export async function settledBoxes(page: Page, locators: Locator[], timeout = SETTLE_TIMEOUT_MS): Promise<Box[]> {
  const deadline = Date.now() + timeout;
  let last: string | undefined;
  for (;;) {
    await layoutSettled(page, Math.max(1_000, deadline - Date.now()));
    const handles = await Promise.all(locators.map((locator) => locator.elementHandle({ timeout: Math.max(1_000, deadline - Date.now()) })));
    const boxes = await page
      .evaluate(
        (elements) =>
          elements.map((element) => {
            const r = (element as Element).getBoundingClientRect();
            return { x: r.x, y: r.y, width: r.width, height: r.height };
          }),
        handles,
      )
      .finally(() => Promise.all(handles.map((handle) => handle.dispose())));
    const signature = JSON.stringify(boxes);
    if (signature === last) return boxes;
    last = signature;
    if (Date.now() > deadline) throw new Error(`The boxes did not settle within ${timeout / 1000} s: ${signature}`);
  }
}
