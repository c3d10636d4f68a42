import { fileURLToPath } from 'node:url';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import pino from 'pino';
import type { Bus } from './bus/bus.js';
import { createBus } from './bus/create-bus.js';
import type { Config } from './config/env.js';
import type { FileService } from './domain/file-service.js';
import type { LinkPreviews } from './domain/link-previews.js';
import { SearchIndexer } from './domain/search-indexer.js';
import { createDomainServices } from './domain/services.js';
import { SESSION_TOUCH_INTERVAL_MS } from './domain/session-service.js';
import { listenBackupSocket } from './http/backup-socket.js';
import { registerFileRoutes } from './http/file-route.js';
import { registerHealthRoute } from './http/health-route.js';
import { chatMetrics, registerMetricsRoute } from './http/metrics-route.js';
import { registerPushKeyRoute } from './http/push-key-route.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { registerSessionCookieRoute } from './http/session-cookie-route.js';
import { registerStaticClient } from './http/static-route.js';
import { registerUploadRoute } from './http/upload-route.js';
import { registerWebSocketRoute } from './http/websocket-route.js';
import { SignInAdmission } from './hub/admission.js';
import { Dispatcher } from './hub/dispatcher.js';
import { Hub } from './hub/hub.js';
import type { LogDestination } from './lib/log-destination.js';
import { LOG_REDACT } from './lib/log-format.js';
import { seriesValues } from './lib/metrics.js';
import { readDeploymentId } from './storage/deployment.js';
import { openStore, type Store } from './storage/store.js';

/** How long the shutdown waits for clients to answer the 1012 close frame before dropping them. */
const CLOSE_HANDSHAKE_WAIT_MS = 3_000;

const CLIENT_ROOT = fileURLToPath(new URL('../dist/client/', import.meta.url));

export interface ChatServer {
  app: FastifyInstance;
  store: Store;
  bus: Bus;
  hub: Hub;
  /** Uploads and their storage (tests sweep it). */
  files: FileService;
  /** Link previews (undefined with LINK_PREVIEWS=false); tests wait for it to be idle. */
  previews: LinkPreviews | undefined;
  /**
   * Shutdown: stops accepting connections and reading frames, lets the frames already read finish (their
   * messages commit and their acks are written), closes every socket with 1012, then the bus and the database.
   * Waits for the sockets' close handshakes until `deadlineAt` at most (the caller enforces the deadline).
   */
  close(deadlineAt?: number): Promise<void>;
}

export interface ChatServerOptions {
  /** Where log lines go (main.ts: stdout, never blocking); without one, Fastify's default. */
  logDestination?: LogDestination;
}

/** Wires config → storage → bus → domain → hub → HTTP. Does not listen; the caller does. */
export async function createChatServer(config: Config, options: ChatServerOptions = {}): Promise<ChatServer> {
  const { logDestination } = options;
  const logger: FastifyBaseLogger = pino({ level: config.LOG_LEVEL, redact: LOG_REDACT }, logDestination ?? pino.destination(1));
  // Behind a reverse proxy every client arrives from the proxy's address; only the proxies named in
  // TRUST_PROXY may say (X-Forwarded-For) who the client really is, or anyone could pick their address.
  const trustProxy = config.TRUST_PROXY.length > 0 ? config.TRUST_PROXY : false;
  const app = Fastify({ loggerInstance: logger, trustProxy, bodyLimit: 64 * 1024 });
  const store = await openStore({
    databaseUrl: config.DATABASE_URL,
    schema: config.DATABASE_SCHEMA,
    dataDir: config.DATA_DIR,
    poolSize: config.DATABASE_POOL_SIZE,
    applicationName: config.DATABASE_APPLICATION_NAME,
    timeoutMs: config.DB_TIMEOUT_MS,
    onError: (error) => app.log.warn({ err: error }, 'database connection lost; the pool reconnects'),
  });
  // One channel per deployment (an id stored in its database): Redis pub/sub channels are global to a
  // Redis server whatever /db the URL names, so two deployments sharing one must never share a name.
  const channel = `cerulean-chalice:${await readDeploymentId(store.db)}`;
  const bus = await createBus(config.REDIS_URL, channel, (error) => app.log.error({ err: error }, 'bus error'));
  const services = await createDomainServices(store.db, bus, config, {
    isOnline: (userId) => hub.presence.isOnline(userId),
    onPushError: (error) => app.log.warn({ err: error }, 'push failed'),
    onPreviewError: (error) => app.log.warn({ err: error }, 'link preview failed'),
    onSearchUpkeepError: (error) => app.log.warn({ err: error }, "merging the search indexes' pending entries failed"),
  });
  const { writer, presence, notifications } = services;
  const hubSources = {
    changes: services.roomChanges,
    memberships: services.roomQueries,
    pushSubscribers: notifications.push,
    onError: (error: unknown) => app.log.error({ err: error }, 'hub could not read the database'),
  };
  const hub = new Hub(bus, presence, hubSources, {
    gapFillMs: config.GAP_FILL_MS,
    streamCheckMs: config.STREAM_CHECK_MS,
    tickMs: config.FANOUT_TICK_MS,
    maxTickMs: Math.max(config.FANOUT_TICK_MS, config.FANOUT_MAX_TICK_MS),
    idleTimeoutMs: config.IDLE_TIMEOUT_MS,
    heartbeatMs: config.HEARTBEAT_MS,
    messagesPerSecondPerUser: config.MESSAGES_PER_SECOND,
    messagesBurstPerUser: config.MESSAGES_BURST,
    presenceHeartbeatMs: config.PRESENCE_HEARTBEAT_MS,
    presenceIntervalMs: config.PRESENCE_INTERVAL_MS,
  });
  const metrics = chatMetrics({ store, bus, hub, dbTimeoutMs: config.DB_TIMEOUT_MS });
  const dispatcher = new Dispatcher(
    {
      ...services,
      hub,
      readStats: () => seriesValues(metrics),
      log: app.log,
      maxConnectionsPerUser: config.MAX_CONNECTIONS_PER_USER,
      admission: new SignInAdmission(config.SIGNIN_CONCURRENCY, config.SIGNIN_QUEUE),
      resumeMaxMessages: config.RESUME_MAX_MESSAGES,
    },
    config.MAX_FRAME_BYTES,
  );
  await presence.requestSnapshot();
  // Messages from before the search migration become searchable in the background (newest first).
  const searchIndexer = new SearchIndexer(
    store.db,
    (error) => app.log.warn({ err: error }, 'search backfill failed; retrying later'),
    (filled) => filled > 0 && app.log.info({ filled }, 'search backfill done'),
  );
  searchIndexer.start();

  // Frames between the soft limit and 4× it get a `too_large` error; beyond that ws closes with 1009.
  await app.register(fastifyWebsocket, { options: { maxPayload: config.MAX_FRAME_BYTES * 4, perMessageDeflate: false } });
  registerWebSocketRoute(app, {
    hub,
    dispatcher,
    presence,
    allowedOrigins: config.ALLOWED_ORIGINS,
    allowNullOrigin: config.ALLOW_NULL_ORIGIN,
    publicUrl: config.PUBLIC_URL,
    maxConnectionsPerAddress: config.MAX_CONNECTIONS_PER_ADDRESS,
    firstAccountPending: () => services.auth.firstAccountPending(),
    serverLimits: {
      max_message_length: config.MAX_MESSAGE_LENGTH,
      password_min_length: config.PASSWORD_MIN_LENGTH,
      max_frame_bytes: config.MAX_FRAME_BYTES,
    },
    limits: {
      framesPerSecond: config.FRAMES_PER_SECOND,
      framesBurst: config.FRAMES_BURST,
      messagesPerSecond: config.MESSAGES_PER_SECOND,
      messagesBurst: config.MESSAGES_BURST,
      sendBufferLimitBytes: config.SEND_BUFFER_LIMIT_BYTES,
    },
  });
  registerSecurityHeaders(app);
  registerHealthRoute(app, {
    store,
    bus,
    hub,
    dbTimeoutMs: config.DB_TIMEOUT_MS,
    metricsToken: config.METRICS_TOKEN,
    droppedLogLines: () => logDestination?.dropped() ?? 0,
    pushQueueDepth: () => notifications.push.queueDepth,
  });
  registerMetricsRoute(app, metrics, config.METRICS_TOKEN);
  registerPushKeyRoute(app, notifications.push.publicKey);
  await registerUploadRoute(app, { files: services.files, sessions: services.sessions, maxUploadBytes: config.MAX_UPLOAD_BYTES });
  registerFileRoutes(app, { files: services.files, sessions: services.sessions });
  registerSessionCookieRoute(app, services.sessions);
  // Uploads never attached, bytes nothing refers to, temporary files crashes left: once at start, then hourly.
  const sweepFiles = () => void services.files.sweep().catch((error) => app.log.warn({ err: error }, 'file sweep failed'));
  sweepFiles();
  const fileSweeper = setInterval(sweepFiles, 60 * 60 * 1000).unref();
  // Sessions in use stay fresh without a write per resume (see SessionService.resume).
  const touchLiveSessions = () =>
    services.sessions.touch(hub.liveSessionIds()).catch((error: unknown) => app.log.warn({ err: error }, 'could not mark sessions used'));
  const sessionToucher = setInterval(touchLiveSessions, SESSION_TOUCH_INTERVAL_MS / 2).unref();
  await registerStaticClient(app, CLIENT_ROOT);
  // PGlite: the admin CLI cannot open a directory this process holds, so it asks for backups here.
  const { dumpDataDir } = store;
  const backupSocket = dumpDataDir
    ? await listenBackupSocket({ dataDir: config.DATA_DIR, dumpTar: () => dumpDataDir('none'), log: app.log })
    : undefined;

  let closing: Promise<void> | undefined;
  const close = (deadlineAt = Date.now() + config.SHUTDOWN_TIMEOUT_MS) => {
    closing ??= (async () => {
      notifications.push.close();
      await backupSocket?.close();
      clearInterval(fileSweeper);
      clearInterval(sessionToucher);
      services.previews?.close();
      app.server.close();
      hub.pauseReading();
      await dispatcher.stop();
      await writer.drain();
      await searchIndexer.stop();
      await services.searchUpkeep?.stop();
      // The reconnect storm that follows a deploy then resumes without a write per client.
      await touchLiveSessions();
      // A close handshake takes one round trip: a peer that has not answered within CLOSE_HANDSHAKE_WAIT_MS
      // never will (a half-open socket, a client that does not speak WebSocket) and must not hold the exit
      // until the deadline. Leave a little of the deadline for closing the bus and the database.
      await hub.close(Math.min(CLOSE_HANDSHAKE_WAIT_MS, Math.max(0, deadlineAt - Date.now() - 500)));
      // The sockets had their chance to close; what is left (a peer that ignores the close frame, an
      // upgrade turned away, an idle HTTP keep-alive) would otherwise hold app.close until the deadline.
      app.server.closeAllConnections();
      await app.close();
      await bus.close();
      await store.close();
    })();
    return closing;
  };
  return { app, store, bus, hub, files: services.files, previews: services.previews, close };
}
