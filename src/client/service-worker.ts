import { type Place, parsePath } from './router.js';

/**
 * Registers /sw.js (scope /: the whole app) once the page has loaded, and hands the page what the
 * worker asks of it: a notification click that found this tab opens the room at the message here.
 */
export function startServiceWorker(open: (place: Place) => void): void {
  const workers = navigator.serviceWorker;
  if (!workers) return;
  workers.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as { type?: unknown; url?: unknown } | null;
    if (data?.type !== 'open' || typeof data.url !== 'string') return;
    const place = parsePath(data.url.split('?')[0] ?? '');
    if (place) open(place);
  });
  const register = () => {
    workers.register('/sw.js', { scope: '/' }).catch(() => {
      // No worker (e.g. the Vite dev server, or a browser that refuses): the page works the same online.
    });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
