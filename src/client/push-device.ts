import type { Connection } from './connection.js';

/** A base64url string (the VAPID public key) as bytes, as PushManager.subscribe takes it everywhere. */
function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(text.length / 4) * 4, '=');
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}

async function registration(): Promise<ServiceWorkerRegistration | null> {
  if (!navigator.serviceWorker || typeof PushManager === 'undefined') return null;
  return (await navigator.serviceWorker.getRegistration('/')) ?? null;
}

/**
 * This browser's Web Push subscription: made with the server's VAPID key (GET /api/push/key) and told
 * to the server (`push_subscribe`), so a message reaches this device while no tab is open. The
 * browser's push service only ever sees the encrypted payload.
 */
export class PushDevice {
  /** The endpoint the server holds for this browser and this person, once told. */
  private endpoint: string | null = null;

  constructor(private readonly connection: Connection) {}

  /** Push can work here: a service worker and PushManager (iOS: only once the app is on the Home Screen). */
  static supported(): boolean {
    return Boolean(navigator.serviceWorker) && typeof PushManager !== 'undefined';
  }

  async subscribed(): Promise<boolean> {
    return Boolean(await (await registration())?.pushManager.getSubscription());
  }

  /** From a click (the browser asks for the notification permission if it was not given). */
  async subscribe(): Promise<void> {
    const worker = (await registration()) ?? (await navigator.serviceWorker.ready);
    const response = await fetch('/api/push/key');
    if (!response.ok) throw new Error(`push key: HTTP ${response.status}`);
    const { public_key } = (await response.json()) as { public_key: string };
    const subscription = await worker.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: fromBase64Url(public_key) });
    this.tell(subscription);
  }

  /** After each sign-in: the server learns (again) that this browser is this person's device. */
  async renew(): Promise<void> {
    const subscription = await (await registration())?.pushManager.getSubscription();
    if (subscription) this.tell(subscription);
  }

  /**
   * From the switch, and at sign-out (the next person on this browser must not get this one's pushes):
   * the server is told at once, before a `signout` that may follow on the same socket.
   */
  async unsubscribe(): Promise<void> {
    if (this.endpoint !== null) {
      this.connection.send('push_unsubscribe', { request_id: this.connection.nextRequestId(), endpoint: this.endpoint });
      this.endpoint = null;
    }
    await (await (await registration())?.pushManager.getSubscription())?.unsubscribe();
  }

  private tell(subscription: PushSubscription): void {
    const { endpoint, keys } = subscription.toJSON();
    if (!endpoint || !keys?.p256dh || !keys.auth) return;
    this.endpoint = endpoint;
    this.connection.send('push_subscribe', {
      request_id: this.connection.nextRequestId(),
      endpoint,
      keys: { p256dh: keys.p256dh, auth: keys.auth },
    });
  }
}
