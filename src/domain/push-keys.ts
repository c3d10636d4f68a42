import type { Kysely } from 'kysely';
import webpush from 'web-push';
import { settingOrCreate } from '../storage/notifications.js';
import type { Database } from '../storage/schema.js';
import type { VapidKeys } from './push-sender.js';

export interface VapidConfig {
  VAPID_PUBLIC_KEY?: string | undefined;
  VAPID_PRIVATE_KEY?: string | undefined;
  VAPID_SUBJECT?: string | undefined;
  PUBLIC_URL?: string | undefined;
}

/**
 * Our VAPID identity: given in the environment, or generated on the first
 * start and kept in the database, so every process signs with the same key
 * and browsers' subscriptions survive restarts.
 */
export async function loadVapidKeys(db: Kysely<Database>, config: VapidConfig): Promise<VapidKeys> {
  const subject =
    config.VAPID_SUBJECT ?? (config.PUBLIC_URL?.startsWith('https:') ? config.PUBLIC_URL : 'mailto:push@cerulean-chalice.invalid');
  if (config.VAPID_PUBLIC_KEY && config.VAPID_PRIVATE_KEY) {
    return { publicKey: config.VAPID_PUBLIC_KEY, privateKey: config.VAPID_PRIVATE_KEY, subject };
  }
  const stored = await settingOrCreate(db, 'vapid_keys', () => JSON.stringify(webpush.generateVAPIDKeys()));
  const keys = JSON.parse(stored) as { publicKey: string; privateKey: string };
  return { publicKey: keys.publicKey, privateKey: keys.privateKey, subject };
}
