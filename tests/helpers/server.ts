import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config/env.js';
import { type ChatServer, createChatServer } from '../../src/server.js';

/** Generous limits so suites exercise behaviour, not throttles; a suite that tests a limit sets it. */
export const TEST_DEFAULTS: Record<string, string> = {
  PORT: '0',
  LOG_LEVEL: 'silent',
  SIGNUPS_PER_MINUTE_PER_ADDRESS: '100000',
  SIGNIN_FAILURES_PER_MINUTE_PER_ADDRESS: '100000',
  MESSAGES_PER_SECOND: '1000',
  MESSAGES_BURST: '1000',
  FRAMES_PER_SECOND: '5000',
  FRAMES_BURST: '5000',
  MAX_CONNECTIONS_PER_ADDRESS: '100000',
  ROOM_CREATES_PER_MINUTE: '100000',
  ROOM_INVITES_PER_MINUTE: '100000',
};

export interface TestServer {
  server: ChatServer;
  url: string;
  wsUrl: string;
  close(): Promise<void>;
}

/** A real server on a free port, configured exactly as `npm start` would be from these variables. */
export async function startTestServer(env: Record<string, string>): Promise<TestServer> {
  const config = loadConfig({ ...TEST_DEFAULTS, ...env });
  const server = await createChatServer(config);
  await server.app.listen({ port: config.PORT, host: '127.0.0.1' });
  const { port } = server.app.server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/connect`,
    close: () => server.close(),
  };
}
