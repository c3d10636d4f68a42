import { hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id; the enum is an ambient const enum, which isolated modules cannot read.
const ARGON2ID = 2;

/**
 * argon2id at OWASP's minimum (19 MiB, 2 passes, 1 lane). @node-rs/argon2's
 * async calls run on libuv's thread pool, off the event loop, so a burst of
 * sign-ins does not stall chat traffic.
 */
const OWASP_ARGON2ID = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => hash(password, OWASP_ARGON2ID);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Verifies against a throwaway hash so an unknown nickname takes as long as a wrong password. */
export async function burnVerification(password: string): Promise<false> {
  dummyHash ??= hashPassword('not-a-real-password');
  await verifyPassword(await dummyHash, password);
  return false;
}
