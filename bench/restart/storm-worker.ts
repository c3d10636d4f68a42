import { monitorEventLoopDelay } from 'node:perf_hooks';
import { serveCommands } from '../lib/serve-commands.js';
import { Histogram } from '../lib/stats.js';
import type { StormCommand, StormStatus } from './ipc.js';
import { Reachability, StormClient } from './storm-client.js';

/** One storm generator process: a few thousand resuming clients, reporting counts over IPC. */
const clients: StormClient[] = [];
const reachability = new Reachability();
// A refused connect's error builds a stack, mapped through tsx's source maps: costly by the thousand, and never read here.
process.setSourceMapsEnabled(false);
const refusals: Record<string, number> = {};
let drops = 0;
let latency = new Histogram();
const loopDelay = monitorEventLoopDelay({ resolution: 20 });
loopDelay.enable();

const events = {
  resumed: (micros: number) => latency.record(micros),
  refused: (reason: string) => {
    refusals[reason] = (refusals[reason] ?? 0) + 1;
  },
  dropped: () => {
    drops += 1;
  },
};

async function handle(command: StormCommand): Promise<unknown> {
  switch (command.cmd) {
    case 'start': {
      const created = command.accounts.map((account) => new StormClient(command.url, account, events, reachability));
      clients.push(...created);
      let next = 0;
      // The first connect is a ramp (a server that just started is not the subject); reconnects are the storm.
      const lane = async () => {
        while (next < created.length) await (created[next++] as StormClient).connect();
      };
      await Promise.all(Array.from({ length: command.concurrency }, lane));
      return {};
    }
    case 'status': {
      const status: StormStatus = {
        clients: clients.length,
        live: 0,
        caughtUp: 0,
        refusals: { ...refusals },
        drops,
        gaveUp: 0,
        duplicates: 0,
        gaps: 0,
        resumeLatency: latency.toJSON(),
        loopStallMs: Math.round(loopDelay.max / 1e6),
      };
      latency = new Histogram();
      loopDelay.reset();
      for (const client of clients) {
        if (client.live) status.live += 1;
        if (client.live && client.lastSeq >= (command.targets[client.account.roomId] ?? 0)) status.caughtUp += 1;
        if (client.gaveUp) status.gaveUp += 1;
        status.duplicates += client.duplicates;
        status.gaps += client.gaps;
      }
      return status;
    }
    case 'exit':
      for (const client of clients) client.close();
      setTimeout(() => process.exit(0), 50);
      return {};
  }
}

serveCommands<StormCommand>(handle);
