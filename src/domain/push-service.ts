import type { Kysely } from 'kysely';
import type { Bus } from '../bus/bus.js';
import { WorkQueue } from '../lib/work-queue.js';
import type { GuardedFetcher } from '../net/guarded-fetch.js';
import type { ChatMessage } from '../protocol/message.js';
import { mentionsUser, type NotificationPayload, notificationBody, shouldNotify } from '../protocol/notifications.js';
import {
  countPushSubscriptions,
  deletePushSubscription,
  type PushRecipientRow,
  pushRecipients,
  pushSubscriberIds,
  savePushSubscription,
} from '../storage/notifications.js';
import type { Database } from '../storage/schema.js';
import type { Actor } from './actor.js';
import { DomainError } from './errors.js';
import { type PushJob, PushSender, type VapidKeys } from './push-sender.js';

export const MAX_PUSH_SUBSCRIPTIONS_PER_USER = 10;

export interface PushOptions {
  vapid: VapidKeys;
  fetcher: GuardedFetcher;
  /** Whether the user has a live connection on any process: then the open page notifies, not a push. */
  isOnline(userId: number): boolean;
  queueSize: number;
  onError(error: unknown): void;
}

/**
 * Web Push: subscriptions, and a push for each new message to the members
 * it should reach who have no live connection (Campfire's rule). Only the
 * process that committed a message pushes it, so each goes out once however
 * many processes run. Nothing here is on the message path: the writer hands
 * committed messages over and moves on; the queue is bounded.
 */
export class PushService {
  private readonly queue: WorkQueue<PushJob>;
  private readonly sender: PushSender;
  /** Users with at least one subscription, kept by every process: with none in a batch, no query at all. */
  private subscribers = new Set<number>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly bus: Bus,
    private readonly options: PushOptions,
  ) {
    this.sender = new PushSender(options.fetcher, options.vapid, (endpoint) => this.forget(endpoint));
    this.queue = new WorkQueue((job) => this.sender.send(job), {
      maxSize: options.queueSize,
      concurrency: 4,
      retryDelaysMs: [1_000, 5_000, 30_000],
      onError: options.onError,
    });
  }

  get publicKey(): string {
    return this.options.vapid.publicKey;
  }

  /** Pushes waiting, being sent, or waiting to be retried. */
  get queueDepth(): number {
    return this.queue.depth;
  }

  async start(): Promise<void> {
    this.subscribers = new Set(await pushSubscriberIds(this.db));
  }

  /** A bus event: some process saw a user gain their first or lose their last subscription. */
  noteSubscriber(userId: number, subscribed: boolean): void {
    if (subscribed) this.subscribers.add(userId);
    else this.subscribers.delete(userId);
  }

  async subscribe(actor: Actor, subscription: { endpoint: string; p256dh: string; auth: string }): Promise<void> {
    try {
      await this.options.fetcher.checkTarget(subscription.endpoint);
    } catch {
      throw new DomainError('invalid_payload', 'the push endpoint must be an https URL of a public host');
    }
    if ((await countPushSubscriptions(this.db, actor.userId)) >= MAX_PUSH_SUBSCRIPTIONS_PER_USER) {
      throw new DomainError('forbidden', `at most ${MAX_PUSH_SUBSCRIPTIONS_PER_USER} devices receive pushes; remove one first`);
    }
    await savePushSubscription(this.db, { ...subscription, user_id: actor.userId });
    await this.bus.publish({ type: 'push_subscribers', userId: actor.userId, subscribed: true });
  }

  async unsubscribe(actor: Actor, endpoint: string): Promise<void> {
    if ((await deletePushSubscription(this.db, endpoint, actor.userId)) !== undefined) await this.announceIfLast(actor.userId);
  }

  /** After a commit (this process's writer): queues the pushes the messages call for. Never throws. */
  committed(messages: ChatMessage[]): void {
    if (this.subscribers.size === 0) return;
    const offline = [...this.subscribers].filter((userId) => !this.options.isOnline(userId));
    if (offline.length === 0) return;
    const roomIds = [...new Set(messages.map((message) => message.room_id))];
    pushRecipients(this.db, roomIds, offline).then(
      (recipients) => this.enqueue(messages, recipients),
      (error: unknown) => this.options.onError(error),
    );
  }

  close(): void {
    this.queue.clear();
  }

  private enqueue(messages: ChatMessage[], recipients: PushRecipientRow[]): void {
    for (const message of messages) {
      for (const recipient of recipients) {
        if (recipient.room_id !== message.room_id) continue;
        const mentioned = mentionsUser(message, recipient.user_id);
        const own = recipient.user_id === message.user_id;
        const notify = shouldNotify({
          roomKind: recipient.room_kind,
          level: recipient.notify_level,
          mutedUntil: recipient.muted_until,
          mentioned,
          own,
        });
        if (!notify) continue;
        const direct = recipient.room_kind === 'dm' || recipient.room_kind === 'group';
        const accepted = this.queue.push({
          endpoint: recipient.endpoint,
          p256dh: recipient.p256dh,
          auth: recipient.auth,
          payload: payloadOf(message, direct ? message.nickname : `${message.nickname} in #${recipient.room_name}`),
          urgent: direct || mentioned,
          topic: `room-${message.room_id}`,
        });
        if (!accepted) this.options.onError(new Error('push queue full: a push was dropped'));
      }
    }
  }

  private async forget(endpoint: string): Promise<void> {
    const userId = await deletePushSubscription(this.db, endpoint);
    if (userId !== undefined) await this.announceIfLast(userId);
  }

  private async announceIfLast(userId: number): Promise<void> {
    if ((await countPushSubscriptions(this.db, userId)) === 0) {
      await this.bus.publish({ type: 'push_subscribers', userId, subscribed: false });
    }
  }
}

function payloadOf(message: ChatMessage, title: string): NotificationPayload {
  return {
    title,
    body: notificationBody(message.content),
    room_id: message.room_id,
    message_id: message.message_id,
    url: `/r/${message.room_id}/${message.seq}`,
  };
}
