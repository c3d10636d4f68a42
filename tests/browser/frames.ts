import type { Page } from 'playwright-core';

interface Frame {
  kind: string;
  payload: Record<string, unknown>;
}

const received = new WeakMap<Page, Frame[]>();
const sent = new WeakMap<Page, Frame[]>();

/** Keeps every frame the page's sockets receive (for `waitForFrame`) and send (`sentFrames`), across reloads. */
export function recordFrames(page: Page) {
  const frames: Frame[] = [];
  const outgoing: Frame[] = [];
  received.set(page, frames);
  sent.set(page, outgoing);
  page.on('websocket', (socket) => {
    socket.on('framereceived', ({ payload }) => {
      if (typeof payload === 'string') frames.push(JSON.parse(payload) as Frame);
    });
    socket.on('framesent', ({ payload }) => {
      if (typeof payload === 'string') outgoing.push(JSON.parse(payload) as Frame);
    });
  });
}

/** Every frame the page has sent (of one kind, if given), oldest first. */
export const sentFrames = (page: Page, kind?: string) =>
  (sent.get(page) ?? []).filter((frame) => kind === undefined || frame.kind === kind);

/** Every frame the page has received (of one kind, if given), oldest first. */
export const receivedFrames = (page: Page, kind?: string) =>
  (received.get(page) ?? []).filter((frame) => kind === undefined || frame.kind === kind);

/** Everything the page's origin keeps in localStorage and sessionStorage. */
export const storageContents = (page: Page) =>
  page.evaluate(() => {
    const dump = (storage: Storage) => Object.fromEntries(Object.keys(storage).map((key) => [key, storage.getItem(key) ?? '']));
    return { local: dump(localStorage), session: dump(sessionStorage) };
  });

/** Waits until the page has received a frame of this kind whose payload matches (checked from the start). */
export async function waitForFrame(page: Page, kind: string, match: (payload: Record<string, unknown>) => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (received.get(page)?.some((frame) => frame.kind === kind && match(frame.payload))) return;
    if (Date.now() > deadline) throw new Error(`no ${kind} frame matched within ${timeoutMs} ms`);
    await page.waitForTimeout(25);
  }
}
