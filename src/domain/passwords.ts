import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import { QueueFullError, Semaphore } from '../lib/semaphore.js';
import { DomainError } from './errors.js';

// Algorithm.Argon2id; the enum is an ambient const enum, which isolated modules cannot read.
const ARGON2ID = 2;

/**
 * argon2id at OWASP's minimum (19 MiB, 2 passes, 1 lane). @node-rs/argon2's
 * async calls run on libuv's thread pool, off the event loop, so a burst of
 * sign-ins does not stall chat traffic.
 */
const OWASP_ARGON2ID = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** About 25 s of hashing on one core: past that a sign-in is refused rather than left waiting. */
const MAX_QUEUED_HASHES = 1_000;
/** A full queue drains in about 25 s; half of that spreads the retries without leaving the core idle. */
const RETRY_AFTER_FULL_QUEUE_MS = 10_000;

/**
 * Each hash takes a core for ~25 ms. libuv would run four at once and starve
 * the event loop and PostgreSQL of CPU during a burst of sign-ins, so at most
 * cores − 1 run together: chat keeps a core, sign-ins queue.
 */
const hashing = new Semaphore(Math.max(1, availableParallelism() - 1), MAX_QUEUED_HASHES);

async function limited<T>(task: () => Promise<T>): Promise<T> {
  try {
    return await hashing.run(task);
  } catch (error) {
    if (error instanceof QueueFullError)
      throw new DomainError('rate_limited', 'too many sign-ins at once; retry in a moment', RETRY_AFTER_FULL_QUEUE_MS);
    throw error;
  }
}

export const hashPassword = (password: string): Promise<string> => limited(() => hash(password, OWASP_ARGON2ID));

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  // A malformed stored hash fails verification; a full queue is the client's to retry.
  return limited(() => verify(passwordHash, password).catch(() => false));
}

let dummyHash: Promise<string> | undefined;

/** Verifies against a throwaway hash so an unknown nickname takes as long as a wrong password. */
export async function burnVerification(password: string): Promise<false> {
  dummyHash ??= hashPassword('not-a-real-password');
  await verifyPassword(await dummyHash, password);
  return false;
}
