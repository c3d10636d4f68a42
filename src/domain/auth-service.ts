import type { Kysely } from 'kysely';
import { addressBucket } from '../lib/address.js';
import { WindowCounter } from '../lib/rate.js';
import { DEFAULT_ROOM_ID } from '../protocol/message.js';
import { recordSigninFailure } from '../storage/audit.js';
import type { Database } from '../storage/schema.js';
import { findUserByNicknameKey, insertUser, isEmptyServer } from '../storage/users.js';
import { type Actor, loadActor } from './actor.js';
import { DomainError } from './errors.js';
import { checkNewNickname, nicknameKey } from './nickname.js';
import { burnVerification, hashPassword, verifyPassword } from './passwords.js';

export interface AuthLimits {
  passwordMinLength: number;
  signinFailuresPerMinute: number;
  signinFailuresPerMinutePerAddress: number;
  signupsPerMinutePerAddress: number;
}

const MINUTE = 60_000;
/** The longest a guesser's window grows to (see WindowCounter): 10 guesses an hour at the default limit. */
const MAX_BRAKE = 64 * MINUTE;
/** Failed sign-ins for one nickname from one address less than this apart are one audit row (a burst). */
const FAILURE_BURST_GAP_MS = 10 * MINUTE;

/**
 * Sign-up and sign-in: nickname rules, password hashing, and the brakes on
 * guessing. The brakes slow the guesser, never the owner: failures count per
 * (nickname, address) and per address, in windows that grow while an
 * address keeps hitting its limit. A nickname guessed at from many addresses
 * is not locked either: it stops hearing the addresses that have already
 * failed recently, while an address without failures (the owner at home)
 * still signs in at once. docs/decisions.md, "Sign-in brakes".
 */
export class AuthService {
  /** Per (nickname, address): past the limit this address may not try this nickname for the window. */
  private readonly failuresByGuess: WindowCounter;
  /** Per address, over every nickname. */
  private readonly failuresByAddress: WindowCounter;
  /** Per nickname from anywhere: past the limit, addresses with recent failures are not heard on it. */
  private readonly failuresByNickname: WindowCounter;
  private readonly signupsByAddress: WindowCounter;
  /** Once an account exists the server never becomes empty again, so only an empty server pays a query. */
  private hasAccounts = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly limits: AuthLimits,
  ) {
    this.failuresByGuess = new WindowCounter(limits.signinFailuresPerMinute, MINUTE, MAX_BRAKE);
    this.failuresByAddress = new WindowCounter(limits.signinFailuresPerMinutePerAddress, MINUTE, MAX_BRAKE);
    this.failuresByNickname = new WindowCounter(limits.signinFailuresPerMinute, MINUTE);
    this.signupsByAddress = new WindowCounter(limits.signupsPerMinutePerAddress, MINUTE);
  }

  /** Whether no account exists yet: the first sign-up becomes the server's admin. */
  async firstAccountPending(): Promise<boolean> {
    if (this.hasAccounts) return false;
    this.hasAccounts = !(await isEmptyServer(this.db));
    return !this.hasAccounts;
  }

  async signup(nicknameInput: string, password: string, clientAddress: string): Promise<Actor> {
    const nickname = checkNewNickname(nicknameInput);
    this.checkPassword(password);
    const address = addressBucket(clientAddress);
    if (!this.signupsByAddress.allows(address)) throw new DomainError('rate_limited', 'too many sign-ups from this address; wait a minute');
    this.signupsByAddress.record(address);
    const passwordHash = await hashPassword(password);
    const newUser = { nickname: nickname.display, nicknameKey: nickname.key, skeleton: nickname.skeleton, passwordHash };
    const user = await insertUser(this.db, newUser, DEFAULT_ROOM_ID);
    if (!user) throw new DomainError('nickname_taken');
    return { userId: user.id, nickname: user.nickname, role: user.role, rooms: new Set([DEFAULT_ROOM_ID]), silenced: new Map() };
  }

  async signin(nicknameInput: string, password: string, clientAddress: string): Promise<Actor> {
    const key = nicknameKey(nicknameInput.trim());
    const address = addressBucket(clientAddress);
    const guess = `${address} ${key}`;
    this.checkBrakes(key, address, guess);
    // Counted as a failure until proven right: simultaneous guesses cannot all slip past the check above.
    this.failuresByGuess.record(guess);
    this.failuresByAddress.record(address);
    this.failuresByNickname.record(key);
    const user = await findUserByNicknameKey(this.db, key);
    const valid = user ? await verifyPassword(user.password_hash, password) : await burnVerification(password);
    if (!user || !valid) {
      const failure = { userId: user?.id ?? null, nickname: key, address, burstGapMs: FAILURE_BURST_GAP_MS };
      await recordSigninFailure(this.db, failure);
      throw new DomainError('bad_credentials');
    }
    this.failuresByGuess.forgive(guess);
    this.failuresByAddress.forgive(address);
    this.failuresByNickname.forgive(key);
    // Told only to someone who knows the password: the account's state is no one else's business.
    if (user.role === 'deactivated') throw new DomainError('account_deactivated');
    return loadActor(this.db, user);
  }

  private checkBrakes(key: string, address: string, guess: string): void {
    if (!this.failuresByAddress.allows(address) || !this.failuresByGuess.allows(guess)) {
      throw new DomainError('rate_limited', 'too many failed sign-ins from this address; wait and retry');
    }
    if (!this.failuresByNickname.allows(key) && this.failuresByAddress.count(address) > 0) {
      throw new DomainError('rate_limited', 'this nickname is being guessed at; after a failed sign-in, wait a minute and retry');
    }
  }

  private checkPassword(password: string): void {
    if ([...password].length < this.limits.passwordMinLength) {
      throw new DomainError('weak_password', `password must be at least ${this.limits.passwordMinLength} characters`);
    }
    if (Buffer.byteLength(password) > 1024) throw new DomainError('weak_password', 'password must be at most 1024 bytes');
  }
}
