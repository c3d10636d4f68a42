import { createServer, type Server, Socket } from 'node:net';

export interface DelayProxy {
  readonly port: number;
  /** The delay added to every chunk, each way; may be changed while connections are open. */
  delayMs: number;
  close(): Promise<void>;
}

/**
 * A TCP proxy that delays every chunk, in order, by `delayMs` each way: one
 * server process's slow link to Redis, reproduced deterministically.
 */
export async function startDelayProxy(targetPort: number, delayMs: number): Promise<DelayProxy> {
  const sockets = new Set<Socket>();
  const proxy: DelayProxy = { port: 0, delayMs, close: async () => {} };
  const relay = (from: Socket, to: Socket) => {
    from.on('data', (chunk) => {
      setTimeout(() => {
        if (!to.destroyed) to.write(chunk);
      }, proxy.delayMs);
    });
    from.on('close', () => setTimeout(() => to.destroy(), proxy.delayMs));
    from.on('error', () => to.destroy());
  };
  const server: Server = createServer((client) => {
    const upstream = new Socket();
    sockets.add(client).add(upstream);
    upstream.connect(targetPort, '127.0.0.1');
    relay(client, upstream);
    relay(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (proxy as { port: number }).port = (server.address() as { port: number }).port;
  proxy.close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  };
  return proxy;
}
