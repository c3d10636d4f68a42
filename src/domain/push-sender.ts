import webpush from 'web-push';
import type { WorkOutcome } from '../lib/work-queue.js';
import { type GuardedFetcher, OutboundError } from '../net/guarded-fetch.js';
import type { NotificationPayload } from '../protocol/notifications.js';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  /** mailto: or https: URL a push service may contact about our traffic. */
  subject: string;
}

export interface PushJob {
  endpoint: string;
  p256dh: string;
  auth: string;
  payload: NotificationPayload;
  urgent: boolean;
  /** One per room, so a device that was offline gets the room's latest push, not a pile. */
  topic: string;
}

const TTL_S = 24 * 60 * 60;
const PUSH_TIMEOUT_MS = 10_000;

/**
 * Sends one Web Push message straight to the browser vendor's push service
 * (RFC 8030), encrypted for the subscription (RFC 8291, aes128gcm) and signed
 * with our VAPID key (RFC 8292): no relay of ours in between. The request
 * goes through the guarded fetcher, because the endpoint URL was chosen by a
 * client.
 */
export class PushSender {
  constructor(
    private readonly fetcher: GuardedFetcher,
    private readonly vapid: VapidKeys,
    /** The push service says the subscription is gone (404/410): forget it. */
    private readonly onGone: (endpoint: string) => Promise<void>,
  ) {}

  async send(job: PushJob): Promise<WorkOutcome> {
    const details = webpush.generateRequestDetails(
      { endpoint: job.endpoint, keys: { p256dh: job.p256dh, auth: job.auth } },
      JSON.stringify(job.payload),
      {
        vapidDetails: this.vapid,
        TTL: TTL_S,
        urgency: job.urgent ? 'high' : 'normal',
        topic: job.topic,
        contentEncoding: 'aes128gcm',
      },
    );
    let status: number;
    try {
      const response = await this.fetcher.fetch({
        url: details.endpoint,
        method: 'POST',
        headers: details.headers as Record<string, string>,
        body: details.body ?? undefined,
        maxRedirects: 0,
        maxBytes: 16 * 1024,
        timeoutMs: PUSH_TIMEOUT_MS,
      });
      status = response.status;
    } catch (error) {
      // A refused address never becomes acceptable by retrying; a timeout or broken connection may.
      if (error instanceof OutboundError && (error.reason === 'address' || error.reason === 'scheme' || error.reason === 'bad_url')) {
        await this.onGone(job.endpoint);
        return 'done';
      }
      return 'retry';
    }
    if (status === 404 || status === 410) {
      await this.onGone(job.endpoint);
      return 'done';
    }
    return status === 429 || status >= 500 ? 'retry' : 'done';
  }
}
