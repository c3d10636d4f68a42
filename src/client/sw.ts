/**
 * The service worker (built by Vite to /sw.js, scope /). Three jobs:
 * - `push`: a Web Push from our server (its encrypted payload, NotificationPayload) becomes a
 *   notification, and the app icon gets a badge;
 * - `notificationclick`: focus a tab of the chat and open the room at the message there, or open a new one;
 * - offline: the page itself (index.html and its hashed assets, icons, manifest) is kept, so without a
 *   network the page still loads, says "offline" and shows the last rooms (from localStorage).
 * It keeps only those static files: never /api, /connect or anything else the server answers per person.
 *
 * It imports no code (only types), so the bundle is this one file. The DOM lib that src/client
 * compiles with has no worker types; the few used here are declared below.
 */
import type { NotificationPayload } from '../protocol/notifications.js';

interface WindowClientLike {
  url: string;
  focus(): Promise<unknown>;
  postMessage(message: unknown): void;
}

interface ExtendableEventLike extends Event {
  waitUntil(promise: Promise<unknown>): void;
}

interface ServiceWorkerScope {
  location: Location;
  registration: ServiceWorkerRegistration;
  clients: {
    matchAll(options: { type: 'window'; includeUncontrolled: boolean }): Promise<WindowClientLike[]>;
    openWindow(url: string): Promise<unknown>;
    claim(): Promise<void>;
  };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEventLike) => void): void;
  addEventListener(type: 'push', listener: (event: ExtendableEventLike & { data: { json(): unknown } | null }) => void): void;
  addEventListener(type: 'notificationclick', listener: (event: ExtendableEventLike & { notification: Notification }) => void): void;
  addEventListener(
    type: 'fetch',
    listener: (event: Event & { request: Request; respondWith(response: Promise<Response>): void }) => void,
  ): void;
}

const sw = self as unknown as ServiceWorkerScope;
const CACHE = 'cerulean-chalice-shell-v1';
const SHELL = ['/', '/manifest.webmanifest', '/icons/icon-192.png', '/icons/icon-512.png'];
const ICON = '/icons/icon-192.png';

/** The page's own files: index.html names its hashed scripts and styles. */
async function cacheShell(): Promise<void> {
  const cache = await caches.open(CACHE);
  await cache.addAll(SHELL);
  const html = await (await cache.match('/'))?.text();
  const assets = [...(html ?? '').matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1] as string);
  await cache.addAll(assets);
}

sw.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => sw.skipWaiting()));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      await sw.clients.claim();
    })(),
  );
});

/** What may be kept: the page and its static files, nothing the server answers per person. */
function cacheable(url: URL): boolean {
  if (url.origin !== sw.location.origin) return false;
  return url.pathname.startsWith('/assets/') || url.pathname.startsWith('/icons/') || SHELL.includes(url.pathname);
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (request.mode === 'navigate') {
    // The page from the network (and kept as the newest copy); offline, the kept copy for any address (/r/…).
    event.respondWith(
      fetch(request)
        .then(async (response) => {
          if (response.ok && (url.pathname === '/' || url.pathname.startsWith('/r/'))) {
            await (await caches.open(CACHE)).put('/', response.clone());
          }
          return response;
        })
        .catch(async () => (await caches.match('/')) ?? Response.error()),
    );
    return;
  }
  if (!cacheable(url)) return;
  // Hashed assets never change; the rest is refreshed when the network answers.
  event.respondWith(
    fetch(request)
      .then(async (response) => {
        if (response.ok) await (await caches.open(CACHE)).put(request, response.clone());
        return response;
      })
      .catch(async () => (await caches.match(request)) ?? Response.error()),
  );
});

interface BadgeNavigator {
  setAppBadge?: (count?: number) => Promise<void>;
}

sw.addEventListener('push', (event) => {
  let payload: Partial<NotificationPayload> = {};
  try {
    payload = (event.data?.json() ?? {}) as Partial<NotificationPayload>;
  } catch {
    // Not ours or garbled: a plain notice still has to be shown (userVisibleOnly).
  }
  const title = typeof payload.title === 'string' ? payload.title : 'cerulean chalice';
  const shown = sw.registration.showNotification(title, {
    body: typeof payload.body === 'string' ? payload.body : '',
    icon: ICON,
    badge: ICON,
    // One notification per room: a newer message replaces the older one.
    tag: typeof payload.room_id === 'number' ? `room-${payload.room_id}` : 'chat',
    data: { url: typeof payload.url === 'string' ? payload.url : '/' },
  });
  // A dot on the app icon: the worker does not know the count; the page sets the number when it opens.
  const badge = (navigator as BadgeNavigator).setAppBadge?.().catch(() => {});
  event.waitUntil(Promise.all([shown, badge]));
});

sw.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data = event.notification.data as { url?: unknown } | null;
  const path = typeof data?.url === 'string' && data.url.startsWith('/') ? data.url : '/';
  const url = new URL(path, sw.location.origin).href;
  event.waitUntil(
    (async () => {
      const [open] = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
      if (!open) return sw.clients.openWindow(url);
      await open.focus();
      // The page opens the room itself (see service-worker.ts): no reload, its state stays.
      open.postMessage({ type: 'open', url: path });
    })(),
  );
});
