import { z } from 'zod';

const int = (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max).default(fallback);

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'yes');

const list = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

/**
 * Every setting the server reads, with its default. The names are part of
 * the interface (README, "Configuration"); add new ones, never rename.
 */
export const configSchema = z.object({
  PORT: int(8080, 0, 65535),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lower-case SQL identifier')
    .default('public'),
  DATABASE_POOL_SIZE: int(10, 1, 200),
  /** Names this process's PostgreSQL connections (pg_stat_activity.application_name). */
  DATABASE_APPLICATION_NAME: z
    .string()
    .regex(/^[\x20-\x7e]{1,63}$/, 'printable ASCII, at most 63 characters')
    .default('cerulean-chalice'),
  DB_TIMEOUT_MS: int(5_000, 100, 600_000),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** json: one JSON object per line; pretty: pino-pretty. Unset: pretty when stdout is a terminal. */
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  ALLOWED_ORIGINS: list,
  TRUST_PROXY: list,
  ALLOW_NULL_ORIGIN: bool(false),
  IDLE_TIMEOUT_MS: int(100_000, 1_000),
  HEARTBEAT_MS: int(30_000, 1_000),
  PRESENCE_HEARTBEAT_MS: int(10_000, 100),
  PRESENCE_INTERVAL_MS: int(1_000, 0, 60_000),
  MAX_FRAME_BYTES: int(65_536, 1_024, 16 * 1024 * 1024),
  MAX_MESSAGE_LENGTH: int(4_000, 1, 100_000),
  MESSAGE_EDIT_WINDOW_S: int(86_400, 0),
  HISTORY_PAGE_SIZE: int(50, 1, 100),
  FRAMES_PER_SECOND: int(50, 1),
  FRAMES_BURST: int(200, 1),
  MESSAGES_PER_SECOND: int(10, 1),
  MESSAGES_BURST: int(30, 1),
  SIGNIN_FAILURES_PER_MINUTE: int(10, 1),
  SIGNIN_FAILURES_PER_MINUTE_PER_ADDRESS: int(50, 1),
  SIGNUPS_PER_MINUTE_PER_ADDRESS: int(30, 1),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .refine((value) => {
      if (!URL.canParse(value)) return true; // z.url has said so already
      const url = new URL(value);
      return url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
    }, 'an origin only, like https://chat.example.com (no path, query or credentials)')
    .transform((value) => new URL(value).origin)
    .optional(),
  ROOM_CREATES_PER_MINUTE: int(10, 1),
  ROOM_INVITES_PER_MINUTE: int(30, 1),
  MAX_CONNECTIONS_PER_USER: int(20, 1),
  MAX_CONNECTIONS_PER_ADDRESS: int(1_000, 1),
  PASSWORD_MIN_LENGTH: int(8, 1, 1024),
  SESSION_IDLE_DAYS: int(30, 1, 3650),
  SIGNIN_CONCURRENCY: int(20, 1, 10_000),
  SIGNIN_QUEUE: int(1_000, 0, 1_000_000),
  RESUME_MAX_MESSAGES: int(1_000, 1, 100_000),
  FANOUT_TICK_MS: int(5, 0, 1_000),
  FANOUT_MAX_TICK_MS: int(5, 0, 1_000),
  COMMIT_MAX_WAIT_MS: int(2, 0, 1_000),
  COMMIT_MAX_BATCH: int(256, 1, 10_000),
  SEND_BUFFER_LIMIT_BYTES: int(8 * 1024 * 1024, 64 * 1024),
  GAP_FILL_MS: int(200, 1, 60_000),
  STREAM_CHECK_MS: int(2_000, 100, 600_000),
  VAPID_PUBLIC_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{80,100}$/, 'a base64url P-256 public key')
    .optional(),
  VAPID_PRIVATE_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{40,50}$/, 'a base64url P-256 private key')
    .optional(),
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:\/\/)\S+$/, 'mailto: or https: URL')
    .optional(),
  PUSH_QUEUE_SIZE: int(10_000, 1),
  OUTBOUND_ALLOW_LOOPBACK: bool(false),
  /** Largest upload accepted; larger ones get 413 and nothing is kept. */
  MAX_UPLOAD_BYTES: int(25 * 1024 * 1024, 1, 4 * 1024 * 1024 * 1024),
  UPLOADS_PER_MINUTE: int(30, 1),
  /** Images with more pixels (all frames) are kept as plain files: no decoding, no thumbnail, never inline. */
  MAX_IMAGE_PIXELS: int(90_000_000, 1),
  LINK_PREVIEWS: bool(true),
  SHUTDOWN_TIMEOUT_MS: int(10_000, 100, 600_000),
  /** Bearer token that unlocks details on /health and /ready; unset, details are never shown. */
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Validates the environment once at start; a bad value stops the server with a message naming it. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const known = Object.fromEntries(
    Object.keys(configSchema.shape)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  );
  const result = configSchema.safeParse(known);
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `  ${issue.path.join('.')}=${JSON.stringify(env[String(issue.path[0])])}: ${issue.message}`,
    );
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
