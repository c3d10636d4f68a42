/**
 * Runs `task` in at most one of this origin's tabs per `name`: the first tab to ask takes a Web Lock
 * of that name and keeps it for HOLD_MS, and every tab that asks meanwhile finds it taken and does
 * nothing. Live frames reach all of a person's tabs within milliseconds, far inside that time.
 */
const HOLD_MS = 60_000;

interface LockManagerLike {
  request(name: string, options: { ifAvailable: boolean }, callback: (lock: unknown) => Promise<void>): Promise<void>;
}

export function inOneTab(name: string, task: () => void): void {
  const locks = (navigator as { locks?: LockManagerLike }).locks;
  if (!locks) {
    // No Web Locks (a browser from before 2022): every tab may run it; the notification's tag still folds copies into one.
    task();
    return;
  }
  locks
    .request(name, { ifAvailable: true }, async (lock) => {
      if (lock === null) return;
      task();
      await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
    })
    .catch(() => {});
}
