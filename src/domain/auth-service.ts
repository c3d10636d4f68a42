import type { Kysely } from 'kysely';
import { WindowCounter } from '../lib/rate.js';
import { DEFAULT_ROOM_ID } from '../protocol/message.js';
import type { Database } from '../storage/schema.js';
import { findUserByNicknameKey, insertUser } from '../storage/users.js';
import { type Actor, loadActor } from './actor.js';
import { DomainError } from './errors.js';
import { checkNickname, nicknameKey } from './nickname.js';
import { burnVerification, hashPassword, verifyPassword } from './passwords.js';

export interface AuthLimits {
  passwordMinLength: number;
  signinFailuresPerMinute: number;
  signinFailuresPerMinutePerAddress: number;
  signupsPerMinutePerAddress: number;
}

const MINUTE = 60_000;

/** Sign-up and sign-in: nickname rules, password hashing, and the brakes on guessing. */
export class AuthService {
  private readonly failuresByNickname: WindowCounter;
  private readonly failuresByAddress: WindowCounter;
  private readonly signupsByAddress: WindowCounter;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly limits: AuthLimits,
  ) {
    this.failuresByNickname = new WindowCounter(limits.signinFailuresPerMinute, MINUTE);
    this.failuresByAddress = new WindowCounter(limits.signinFailuresPerMinutePerAddress, MINUTE);
    this.signupsByAddress = new WindowCounter(limits.signupsPerMinutePerAddress, MINUTE);
  }

  async signup(nicknameInput: string, password: string, address: string): Promise<Actor> {
    const nickname = checkNickname(nicknameInput);
    this.checkPassword(password);
    if (!this.signupsByAddress.allows(address)) throw new DomainError('rate_limited', 'too many sign-ups from this address; wait a minute');
    this.signupsByAddress.record(address);
    const passwordHash = await hashPassword(password);
    const user = await insertUser(this.db, { nickname: nickname.display, nicknameKey: nickname.key, passwordHash }, DEFAULT_ROOM_ID);
    if (!user) throw new DomainError('nickname_taken');
    return { userId: user.id, nickname: user.nickname, rooms: new Set([DEFAULT_ROOM_ID]) };
  }

  async signin(nicknameInput: string, password: string, address: string): Promise<Actor> {
    const key = nicknameKey(nicknameInput.trim());
    if (!this.failuresByNickname.allows(key) || !this.failuresByAddress.allows(address)) {
      throw new DomainError('rate_limited', 'too many failed sign-ins; wait a minute');
    }
    // Counted as a failure until proven right: simultaneous guesses cannot all slip past the check above.
    this.failuresByNickname.record(key);
    this.failuresByAddress.record(address);
    const user = await findUserByNicknameKey(this.db, key);
    const valid = user ? await verifyPassword(user.password_hash, password) : await burnVerification(password);
    if (!user || !valid) throw new DomainError('bad_credentials');
    this.failuresByNickname.forgive(key);
    this.failuresByAddress.forgive(address);
    return loadActor(this.db, user);
  }

  private checkPassword(password: string): void {
    if ([...password].length < this.limits.passwordMinLength) {
      throw new DomainError('weak_password', `password must be at least ${this.limits.passwordMinLength} characters`);
    }
    if (Buffer.byteLength(password) > 1024) throw new DomainError('weak_password', 'password must be at most 1024 bytes');
  }
}
