import { exactTime, fileSize } from './format.js';
import { currentLanguage, type MessageKey, t } from './i18n/translate.js';

type Values = Record<string, number>;

/** One line of the stats tab: its label and how it reads from the series of GET /metrics (null: not served). */
interface StatRow {
  key: MessageKey;
  read: (values: Values) => string | null;
}

const count = (name: string) => (values: Values) => {
  const value = values[name];
  return value === undefined ? null : value.toLocaleString(currentLanguage());
};
/** Every series of a labelled counter, added up (e.g. rate-limit refusals of every kind). */
const total = (name: string) => (values: Values) => {
  const series = Object.entries(values).filter(([key]) => key === name || key.startsWith(`${name}{`));
  return series.length === 0 ? null : series.reduce((sum, [, value]) => sum + value, 0).toLocaleString(currentLanguage());
};
/** A histogram's mean (its sum over its count), times `scale`. */
const meanOf = (values: Values, histogram: string, scale: number): number | null => {
  const sum = values[`${histogram}_sum`];
  const n = values[`${histogram}_count`];
  return sum === undefined || !n ? null : (sum / n) * scale;
};
const upDown = (name: string) => (values: Values) =>
  values[name] === undefined ? null : t(values[name] === 1 ? 'admin.stats.up' : 'admin.stats.down');
const milliseconds = (value: number | null | undefined, digits: number) =>
  value === null || value === undefined
    ? null
    : new Intl.NumberFormat(currentLanguage(), {
        style: 'unit',
        unit: 'millisecond',
        unitDisplay: 'short',
        maximumFractionDigits: digits,
      }).format(value);

/** What the stats tab shows, in order: the numbers an operator looks at first, as /metrics names them. */
export const STAT_ROWS: StatRow[] = [
  { key: 'stats.signedInConnections', read: count('chat_connections{state="signed_in"}') },
  { key: 'stats.anonymousConnections', read: count('chat_connections{state="anonymous"}') },
  { key: 'stats.users', read: count('chat_signed_in_users') },
  { key: 'stats.messages', read: count('chat_messages_committed_total') },
  { key: 'stats.commitTime', read: (values) => milliseconds(meanOf(values, 'chat_commit_seconds', 1000), 2) },
  {
    key: 'stats.batch',
    read: (values) => meanOf(values, 'chat_commit_batch_size', 1)?.toLocaleString(currentLanguage(), { maximumFractionDigits: 1 }) ?? null,
  },
  { key: 'stats.frames', read: count('chat_fanout_frames_total') },
  {
    key: 'stats.bytes',
    read: (values) => (values.chat_fanout_bytes_total === undefined ? null : fileSize(values.chat_fanout_bytes_total)),
  },
  { key: 'stats.drops', read: count('chat_send_buffer_drops_total') },
  { key: 'stats.busFailures', read: count('chat_bus_publish_failures_total') },
  { key: 'stats.rateLimited', read: total('chat_rate_limited_total') },
  { key: 'stats.signinFailures', read: count('chat_signin_failures_total') },
  { key: 'stats.database', read: upDown('chat_database_up') },
  { key: 'stats.redis', read: upDown('chat_redis_up') },
  {
    key: 'stats.eventLoop',
    read: (values) => {
      const lag = values.chat_nodejs_eventloop_lag_seconds;
      return lag === undefined ? null : milliseconds(lag * 1000, 1);
    },
  },
  {
    key: 'stats.memory',
    read: (values) =>
      values.chat_process_resident_memory_bytes === undefined ? null : fileSize(values.chat_process_resident_memory_bytes),
  },
  {
    key: 'stats.started',
    read: (values) =>
      values.chat_process_start_time_seconds === undefined
        ? null
        : exactTime(new Date(values.chat_process_start_time_seconds * 1000).toISOString()),
  },
];
