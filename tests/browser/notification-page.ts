import type { BrowserContext, Page } from 'playwright-core';

/**
 * For desktop-notification tests: the real Notification, wrapped so every construction is counted
 * (window.__notes keeps title, body and the object, whose onclick a test may call), and a page
 * visibility the test switches (headless Chromium always reports "visible"): window.__setHidden(true)
 * makes document.visibilityState "hidden" and fires visibilitychange, as switching tabs does.
 */
const INIT = () => {
  const w = window as unknown as Record<string, unknown>;
  const notes: Array<{ title: string; body: string; tag: string; note: Notification }> = [];
  w.__notes = notes;
  const Real = window.Notification;
  if (Real) {
    w.Notification = new Proxy(Real, {
      construct(target, args: [string, NotificationOptions?]) {
        const note = Reflect.construct(target, args) as Notification;
        notes.push({ title: args[0], body: args[1]?.body ?? '', tag: args[1]?.tag ?? '', note });
        return note;
      },
    });
  }
  let hidden = false;
  Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
  Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => hidden });
  w.__setHidden = (value: boolean) => {
    hidden = value;
    document.dispatchEvent(new Event('visibilitychange'));
  };
};

export async function watchNotifications(context: BrowserContext, origin: string): Promise<void> {
  await context.grantPermissions(['notifications'], { origin });
  await context.addInitScript(INIT);
}

export const shownNotifications = (page: Page) =>
  page.evaluate(() =>
    ((window as unknown as { __notes: Array<{ title: string; body: string; tag: string }> }).__notes ?? []).map(({ title, body, tag }) => ({
      title,
      body,
      tag,
    })),
  );

export const setHidden = (page: Page, hidden: boolean) =>
  page.evaluate((value) => (window as unknown as { __setHidden(value: boolean): void }).__setHidden(value), hidden);

/** Calls the onclick of the shown notification whose body is `body`, as a click on it does. */
export const clickNotification = (page: Page, body: string) =>
  page.evaluate((text) => {
    const notes = (window as unknown as { __notes: Array<{ body: string; note: Notification }> }).__notes;
    const found = notes.find((item) => item.body === text);
    if (!found) throw new Error(`no notification with body ${text}`);
    found.note.onclick?.(new Event('click'));
  }, body);
