import type { ChatProcess } from './chat-process.js';
import { sleep } from './scenario-run.js';

/**
 * Counts exits of server processes that were not asked to stop (a crash the scenario must report) and
 * starts them again, so the scenario can still drain its traffic and count every message.
 */
export class Watchdog {
  exits = 0;
  private running = true;
  private readonly loop: Promise<void>;

  constructor(private readonly servers: ChatProcess[]) {
    this.loop = this.watch();
  }

  private async watch(): Promise<void> {
    while (this.running) {
      for (const server of this.servers) {
        if (server.alive || !this.running) continue;
        this.exits++;
        // Restarting fails while what it needs (the database) is still down: try again until it listens.
        while (
          this.running &&
          !(await server.restart().then(
            () => true,
            () => false,
          ))
        )
          await sleep(1_000);
      }
      await sleep(200);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}
