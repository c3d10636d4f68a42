import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { PresenceService } from '../domain/presence-service.js';
import { Connection, type ConnectionLimits } from '../hub/connection.js';
import type { Dispatcher } from '../hub/dispatcher.js';
import type { Hub } from '../hub/hub.js';
import { addressBucket } from '../lib/address.js';
import { CLOSE_CODES } from '../protocol/errors.js';
import type { ServerLimits } from '../protocol/server-events.js';
import { checkOrigin, type OriginPolicy } from './origin.js';

export interface WebSocketRouteOptions extends OriginPolicy {
  hub: Hub;
  dispatcher: Dispatcher;
  presence: PresenceService;
  limits: ConnectionLimits;
  /** Told to every connection in `initial`. */
  serverLimits: ServerLimits;
  /** Open sockets per client address, signed in or not: one host cannot exhaust the file descriptors. */
  maxConnectionsPerAddress: number;
  /** Whether the server has no account yet (its sign-up page says the first one becomes admin). */
  firstAccountPending(): Promise<boolean>;
}

/** GET /connect: the seed's endpoint. Opens a connection, greets it with `initial`, feeds frames to the dispatcher. */
/** How long a socket turned away during the shutdown gets to finish its close handshake. */
const TURNED_AWAY_CLOSE_MS = 500;

export function registerWebSocketRoute(app: FastifyInstance, options: WebSocketRouteOptions): void {
  const { hub, dispatcher, presence } = options;
  app.get(
    '/connect',
    {
      websocket: true,
      preValidation: async (request, reply) => {
        const verdict = checkOrigin(request.headers.origin, request.headers.host, options);
        if (!verdict.allowed) {
          await reply.code(403).send({ error: 'forbidden_origin', message: verdict.message });
        } else if (hub.connectionsFrom(addressBucket(request.ip)) >= options.maxConnectionsPerAddress) {
          await reply.code(429).send({ error: 'too_many_connections', message: 'too many open connections from this address' });
        }
      },
    },
    (socket, request) => {
      // Closures below must not hold `request`: kept alive per socket, it would cost kilobytes per idle connection.
      const log = app.log;
      const address = addressBucket(request.ip);
      // The check that holds: nothing awaits between it and `hub.add`, so handshakes that passed the
      // 429 check above together (any async hook between them would allow it) cannot overfill the cap.
      // An upgrade that began before the shutdown and finished after its sockets were closed: not
      // turned away, it would sit in the hub and hold the exit until the deadline.
      if (hub.stopping) {
        socket.close(CLOSE_CODES.serviceRestart, 'server restarting');
        // A peer that never answers the close frame would hold the websocket server's close (app.close).
        setTimeout(() => socket.terminate(), TURNED_AWAY_CLOSE_MS).unref();
        return;
      }
      if (hub.connectionsFrom(address) >= options.maxConnectionsPerAddress) {
        socket.close(CLOSE_CODES.tryAgainLater, 'too many connections from this address');
        return;
      }
      const connection = new Connection(randomUUID(), socket, address, options.limits);
      hub.add(connection);
      socket.on('message', (data, isBinary) => {
        void dispatcher.handle(connection, data as Buffer, isBinary);
      });
      socket.on('pong', () => {
        connection.awaitingPong = false;
      });
      socket.on('error', (error) => log.debug({ err: error }, 'socket error'));
      socket.on('close', () => {
        const roomIds = hub.remove(connection);
        presence.connectionClosed(connection.id, roomIds).catch((error) => log.error({ err: error }, 'departure notice failed'));
      });
      const greet = (first: boolean) =>
        connection.send('initial', {
          connection_id: connection.id,
          limits: options.serverLimits,
          ...(first ? { first_account: true } : {}),
        });
      options.firstAccountPending().then(greet, (error) => {
        log.warn({ err: error }, 'could not tell whether the server has accounts');
        greet(false);
      });
    },
  );
}
