import { CLOSE_CODES } from '../protocol/errors.js';
import type { Connection } from './connection.js';

/**
 * Closes connections silent for longer than the idle timeout (the seed's
 * 100 s; only protocol frames count, so a client must `ping`), and uses
 * WebSocket pings to find peers that vanished without a close.
 */
export class Sweeper {
  private readonly interval: NodeJS.Timeout;
  private lastHeartbeatAt = Date.now();

  constructor(
    private readonly connections: () => Iterable<Connection>,
    private readonly options: { idleTimeoutMs: number; heartbeatMs: number },
  ) {
    this.interval = setInterval(() => this.sweep(), Math.min(1_000, options.idleTimeoutMs / 2));
    this.interval.unref();
  }

  stop(): void {
    clearInterval(this.interval);
  }

  private sweep(): void {
    const now = Date.now();
    const heartbeat = now - this.lastHeartbeatAt >= this.options.heartbeatMs;
    if (heartbeat) this.lastHeartbeatAt = now;
    for (const connection of this.connections()) {
      if (now - connection.lastFrameAt > this.options.idleTimeoutMs) {
        connection.close(CLOSE_CODES.idleTimeout, 'idle timeout');
      } else if (heartbeat) {
        if (connection.awaitingPong) {
          connection.socket.terminate();
          continue;
        }
        connection.awaitingPong = true;
        connection.socket.ping();
      }
    }
  }
}
