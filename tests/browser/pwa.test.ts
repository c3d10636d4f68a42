import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoom, type Rig, roomLink, signUp, skipBrowser, startRig, stopRig } from './helpers.js';
import { watchNotifications } from './notification-page.js';

/** The service worker's registration once it is active (and controls the page). */
const activeWorker = (page: Page) =>
  page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    for (let i = 0; i < 100 && !navigator.serviceWorker.controller; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    return { scope: registration.scope, script: registration.active?.scriptURL, controlled: Boolean(navigator.serviceWorker.controller) };
  });

describe.skipIf(skipBrowser)('the installable app: manifest, service worker, push, offline', () => {
  let rig: Rig;
  let ana: Page;

  beforeAll(async () => {
    rig = await startRig();
    ana = await signUp(rig, 'Ana', { beforeLoad: (context) => watchNotifications(context, rig.server.url) });
  });

  afterAll(async () => {
    await stopRig(rig);
  });

  it('the manifest and the service worker (scope /) load under the strict CSP with no violation', async () => {
    const worker = await activeWorker(ana);
    expect(worker).toEqual({ scope: `${rig.server.url}/`, script: `${rig.server.url}/sw.js`, controlled: true });

    const href = await ana.locator('link[rel="manifest"]').getAttribute('href');
    const manifest = await fetch(new URL(href ?? '', rig.server.url));
    expect(manifest.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
    const body = (await manifest.json()) as {
      name: string;
      display: string;
      start_url: string;
      icons: Array<{ src: string; sizes: string }>;
    };
    expect(body).toMatchObject({ name: 'cerulean chalice', display: 'standalone', start_url: '/' });
    expect(body.icons.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of body.icons) {
      const response = await fetch(new URL(icon.src, rig.server.url));
      expect([response.status, response.headers.get('content-type')]).toEqual([200, 'image/png']);
    }
    const script = await fetch(`${rig.server.url}/sw.js`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(script.headers.get('cache-control')).toBe('no-cache');
    // The same strict policy as the page: nothing was loosened for the worker.
    expect(script.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(rig.pageErrors).toEqual([]);
  });

  it('a push becomes a notification with the room and message address; a click from the worker opens that room here', async () => {
    const cdp = await ana.context().newCDPSession(ana);
    const registrationId = new Promise<string>((resolve) => {
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const ours = registrations.find((registration) => registration.scopeURL === `${rig.server.url}/` && !registration.isDeleted);
        if (ours) resolve(ours.registrationId);
      });
    });
    await cdp.send('ServiceWorker.enable');
    const payload = { title: 'Ben in ops', body: 'the deploy is done', room_id: 1, message_id: 77, url: '/r/1/1' };
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: rig.server.url,
      registrationId: await registrationId,
      data: JSON.stringify(payload),
    });
    const shown = async () =>
      ana.evaluate(async () =>
        (await (await navigator.serviceWorker.ready).getNotifications()).map((note) => ({
          title: note.title,
          body: note.body,
          tag: note.tag,
          data: note.data as unknown,
        })),
      );
    await expect
      .poll(shown, { timeout: 5_000 })
      .toEqual([{ title: 'Ben in ops', body: 'the deploy is done', tag: 'room-1', data: { url: '/r/1/1' } }]);

    // What the worker's notificationclick posts to a tab it found: the page opens the room there.
    await createRoom(ana, 'elsewhere');
    await ana.evaluate(() => navigator.serviceWorker.dispatchEvent(new MessageEvent('message', { data: { type: 'open', url: '/r/1/1' } })));
    await ana.locator('.room-header .room-name', { hasText: 'general' }).waitFor();
    expect(new URL(ana.url()).pathname).toBe('/r/1');
    await cdp.detach();
  });

  it('offline, the page still loads: it says so and shows the last rooms; the worker kept no per-person answer', async () => {
    await roomLink(ana, 'elsewhere').waitFor();
    // The list is kept a second after it settles.
    await expect.poll(() => ana.evaluate(() => localStorage.getItem('cerulean-chalice:rooms:1') ?? '')).toContain('"name":"elsewhere"');
    // Names, kinds, counts and settings only: no message text, no token.
    expect(await ana.evaluate(() => localStorage.getItem('cerulean-chalice:rooms:1'))).not.toMatch(/content|token/);
    const kept = await ana.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys())
        for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
      return urls;
    });
    expect(kept).toContain('/');
    expect(kept.filter((path) => !/^\/(assets\/|icons\/|manifest\.webmanifest$|$)/.test(path))).toEqual([]);

    await ana.context().setOffline(true);
    await ana.reload();
    await ana.locator('.room-header .status-text', { hasText: 'Offline' }).waitFor();
    await roomLink(ana, 'elsewhere').waitFor();
    await ana.locator('.offline-rooms').waitFor();
    await ana.context().setOffline(false);
    await ana.locator('.room-header [data-status="signed-in"]').waitFor({ timeout: 20_000 });
    await ana.locator('.offline-rooms').waitFor({ state: 'detached' });
  });
});
