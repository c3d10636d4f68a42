import { isatty } from 'node:tty';
import { ConfigError, loadConfig } from './config/env.js';
import { createLogDestination } from './lib/log-destination.js';
import { prettyDestination } from './lib/log-format.js';
import { createChatServer } from './server.js';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

// isatty, not process.stdout.isTTY: touching process.stdout would make Node write the pipe blocking (log-destination.ts).
const pretty = (config.LOG_FORMAT ?? (isatty(1) ? 'pretty' : 'json')) === 'pretty';
const logDestination = pretty ? prettyDestination(createLogDestination(), isatty(1)) : createLogDestination();
const server = await createChatServer(config, { logDestination }).catch((error: unknown) => {
  console.error(`cerulean-chalice failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
// After a restart every client reconnects within a second or two. Node's default accept queue (511) then
// overflows, the kernel drops the SYNs, and those clients wait for TCP's retransmissions (1, 2, 4, 8 s…):
// 86 000 drops and an 8 s stall in a 10 000-client storm. The kernel caps this at net.core.somaxconn.
const LISTEN_BACKLOG = 65_535;
await server.app.listen({ port: config.PORT, host: config.HOST, backlog: LISTEN_BACKLOG });
server.app.log.info({ store: server.store.kind, bus: server.bus.kind }, 'cerulean-chalice is ready');

// Last resort: a failure nobody awaited is logged, not allowed to take every user's connection down with it.
process.on('unhandledRejection', (reason) => server.app.log.error({ err: reason }, 'unhandled rejection'));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.app.log.info({ signal }, 'shutting down');
    // Whatever is still pending at the deadline (a frozen database, a peer that never closes) is given up:
    // committed messages are committed, and a client that got no ack retries with its client_id.
    const deadline = setTimeout(() => {
      server.app.log.error({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'shutdown deadline passed; exiting anyway');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    server.close(Date.now() + config.SHUTDOWN_TIMEOUT_MS).then(
      () => {
        clearTimeout(deadline);
        process.exit(0);
      },
      (error) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
