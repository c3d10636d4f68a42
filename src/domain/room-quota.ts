import { addressBucket } from '../lib/address.js';
import { WindowCounter } from '../lib/rate.js';
import { DomainError } from './errors.js';

const MINUTE = 60_000;

/**
 * How many rooms (or invitations) a user, and separately a client address,
 * may make per minute. Each one lands in other people's room lists and in
 * everyone's directory, so one account, or many accounts from one host,
 * must not flood them. `take` reserves the allowance before any await, so
 * simultaneous requests cannot all slip past the limit; `refund` gives it
 * back when nothing was made after all.
 */
export class RoomQuota {
  private readonly byUser: WindowCounter;
  private readonly byAddress: WindowCounter;

  constructor(
    private readonly perMinute: number,
    private readonly what: string,
  ) {
    this.byUser = new WindowCounter(perMinute, MINUTE);
    this.byAddress = new WindowCounter(perMinute, MINUTE);
  }

  take(userId: number, address: string): void {
    const user = String(userId);
    const bucket = addressBucket(address);
    if (!this.byUser.allows(user)) throw this.refusal('you');
    if (!this.byAddress.allows(bucket)) throw this.refusal('your address');
    this.byUser.record(user);
    this.byAddress.record(bucket);
  }

  refund(userId: number, address: string): void {
    this.byUser.forgive(String(userId));
    this.byAddress.forgive(addressBucket(address));
  }

  /** Runs `action` on one unit of allowance, refunded if it throws. */
  async spend<T>(userId: number, address: string, action: () => Promise<T>): Promise<T> {
    this.take(userId, address);
    try {
      return await action();
    } catch (error) {
      this.refund(userId, address);
      throw error;
    }
  }

  private refusal(who: string): DomainError {
    return new DomainError(
      'rate_limited',
      `${who} made ${this.perMinute} ${this.what} in the last minute, the most allowed; wait a minute`,
    );
  }
}
