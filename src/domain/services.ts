import type { Kysely } from 'kysely';
import type { Bus } from '../bus/bus.js';
import type { Config } from '../config/env.js';
import { blobRootOf, LocalBlobStore } from '../storage/blob-store.js';
import type { Database } from '../storage/schema.js';
import { AdminQueries } from './admin-queries.js';
import { AdminService } from './admin-service.js';
import { AuthService } from './auth-service.js';
import { FileService } from './file-service.js';
import { LinkPreviews } from './link-previews.js';
import { MessageChanges } from './message-changes.js';
import { MessageContent } from './message-content.js';
import { MessageService } from './message-service.js';
import { MessageWriter } from './message-writer.js';
import { ModerationService } from './moderation-service.js';
import { createNotifications } from './notifications.js';
import { PresenceService } from './presence-service.js';
import { ReadService } from './read-service.js';
import { RoomChanges } from './room-changes.js';
import { RoomQueries } from './room-queries.js';
import { RoomService } from './room-service.js';
import { SearchService } from './search-service.js';
import { SearchIndexUpkeep } from './search-upkeep.js';
import { SessionService } from './session-service.js';
import { backfillSkeletons } from './skeleton-backfill.js';
import { TypingService } from './typing-service.js';

export type DomainServices = Awaited<ReturnType<typeof createDomainServices>>;

/** Every domain service, configured: the rules, permissions and transactions behind the protocol. */
export async function createDomainServices(
  db: Kysely<Database>,
  bus: Bus,
  config: Config,
  deps: {
    isOnline(userId: number): boolean;
    onPushError(error: unknown): void;
    onPreviewError?(error: unknown): void;
    onSearchUpkeepError?(error: unknown): void;
  },
) {
  const writer = new MessageWriter(db, bus, { maxWaitMs: config.COMMIT_MAX_WAIT_MS, maxBatch: config.COMMIT_MAX_BATCH });
  const content = new MessageContent(db, config.MAX_MESSAGE_LENGTH);
  await backfillSkeletons(db);
  const roomQueries = new RoomQueries(db);
  const files = new FileService(db, await LocalBlobStore.open(blobRootOf(config.DATA_DIR)), {
    maxUploadBytes: config.MAX_UPLOAD_BYTES,
    uploadsPerMinute: config.UPLOADS_PER_MINUTE,
    maxInputPixels: config.MAX_IMAGE_PIXELS,
    unattachedTtlMs: 24 * 60 * 60 * 1000,
  });
  const changes = new MessageChanges(db, bus, content, config.MESSAGE_EDIT_WINDOW_S * 1000);
  const notifications = await createNotifications(db, bus, writer, config, { isOnline: deps.isOnline, onError: deps.onPushError });
  // All outbound HTTP goes through the one guarded fetcher (notifications.fetcher): previews here, Web Push there.
  const previews = config.LINK_PREVIEWS
    ? new LinkPreviews(db, notifications.fetcher, changes, files.blobs, {
        maxInputPixels: config.MAX_IMAGE_PIXELS,
        onError: deps.onPreviewError ?? (() => {}),
      })
    : undefined;
  const searchUpkeep = config.DATABASE_URL ? new SearchIndexUpkeep(db, deps.onSearchUpkeepError ?? (() => {})) : undefined;
  if (searchUpkeep) writer.onCommitted((messages) => searchUpkeep.committed(messages));
  if (previews) {
    writer.onCommitted((messages) => previews.committed(messages));
    changes.onEdited((message) => previews.committed([message]));
  }
  return {
    writer,
    previews,
    searchUpkeep,
    files,
    auth: new AuthService(db, {
      passwordMinLength: config.PASSWORD_MIN_LENGTH,
      signinFailuresPerMinute: config.SIGNIN_FAILURES_PER_MINUTE,
      signinFailuresPerMinutePerAddress: config.SIGNIN_FAILURES_PER_MINUTE_PER_ADDRESS,
      signupsPerMinutePerAddress: config.SIGNUPS_PER_MINUTE_PER_ADDRESS,
    }),
    messages: new MessageService(db, writer, content, { historyPageSize: config.HISTORY_PAGE_SIZE }, files),
    changes,
    moderation: new ModerationService(db, bus, changes),
    admin: new AdminService(db, bus),
    adminQueries: new AdminQueries(db),
    roomChanges: new RoomChanges(db),
    presence: new PresenceService(bus),
    roomQueries,
    rooms: new RoomService(db, bus, roomQueries, {
      createsPerMinute: config.ROOM_CREATES_PER_MINUTE,
      invitesPerMinute: config.ROOM_INVITES_PER_MINUTE,
    }),
    reads: new ReadService(db, bus),
    search: new SearchService(db),
    typing: new TypingService(db, bus),
    sessions: new SessionService(db, bus, config.SESSION_IDLE_DAYS * 24 * 60 * 60 * 1000),
    notifications,
  };
}
