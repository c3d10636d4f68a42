import type { FastifyBaseLogger } from 'fastify';
import type { AdminQueries } from '../domain/admin-queries.js';
import type { AdminService } from '../domain/admin-service.js';
import type { AuthService } from '../domain/auth-service.js';
import type { MessageChanges } from '../domain/message-changes.js';
import type { MessageService } from '../domain/message-service.js';
import type { ModerationService } from '../domain/moderation-service.js';
import type { Notifications } from '../domain/notifications.js';
import type { PresenceService } from '../domain/presence-service.js';
import type { ReadService } from '../domain/read-service.js';
import type { RoomQueries } from '../domain/room-queries.js';
import type { RoomService } from '../domain/room-service.js';
import type { SearchService } from '../domain/search-service.js';
import type { SessionService } from '../domain/session-service.js';
import type { TypingService } from '../domain/typing-service.js';
import type { SignInAdmission } from './admission.js';
import type { Hub } from './hub.js';

/** What a frame handler may use: the hub for this process's sockets, the domain services for everything else. */
export interface HandlerContext {
  hub: Hub;
  auth: AuthService;
  messages: MessageService;
  changes: MessageChanges;
  notifications: Notifications;
  rooms: RoomService;
  roomQueries: RoomQueries;
  reads: ReadService;
  typing: TypingService;
  presence: PresenceService;
  sessions: SessionService;
  search: SearchService;
  moderation: ModerationService;
  admin: AdminService;
  adminQueries: AdminQueries;
  /** This process's metrics by series (the numbers GET /metrics serves), for `admin_stats`. */
  readStats: () => Promise<Record<string, number>>;
  resumeMaxMessages: number;
  log: FastifyBaseLogger;
  maxConnectionsPerUser: number;
  admission: SignInAdmission;
}
