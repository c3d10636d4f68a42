import type { Kysely } from 'kysely';
import type { Bus } from '../bus/bus.js';
import { GuardedFetcher } from '../net/guarded-fetch.js';
import type { Database } from '../storage/schema.js';
import type { MessageWriter } from './message-writer.js';
import { NotifySettings } from './notify-settings.js';
import { loadVapidKeys, type VapidConfig } from './push-keys.js';
import { PushService } from './push-service.js';

export interface NotificationConfig extends VapidConfig {
  PUSH_QUEUE_SIZE: number;
  OUTBOUND_ALLOW_LOOPBACK: boolean;
}

export interface Notifications {
  settings: NotifySettings;
  push: PushService;
  fetcher: GuardedFetcher;
}

/** Notification settings and Web Push, wired to the writer: every committed message is offered to the push service. */
export async function createNotifications(
  db: Kysely<Database>,
  bus: Bus,
  writer: MessageWriter,
  config: NotificationConfig,
  deps: { isOnline(userId: number): boolean; onError(error: unknown): void },
): Promise<Notifications> {
  const agent = config.PUBLIC_URL ? `cerulean-chalice (+${config.PUBLIC_URL})` : 'cerulean-chalice';
  const fetcher = new GuardedFetcher({ allowLoopback: config.OUTBOUND_ALLOW_LOOPBACK, userAgent: agent });
  const push = new PushService(db, bus, {
    vapid: await loadVapidKeys(db, config),
    fetcher,
    isOnline: deps.isOnline,
    queueSize: config.PUSH_QUEUE_SIZE,
    onError: deps.onError,
  });
  await push.start();
  writer.onCommitted((messages) => push.committed(messages));
  return { settings: new NotifySettings(db, bus), push, fetcher };
}
