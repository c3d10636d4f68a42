import { AUDIT_ACTIONS, type AuditAction, type AuditEntry } from '../../protocol/roles.js';
import { exactTime, relativeTime } from '../format.js';
import { t } from '../i18n/translate.js';
import { findRoom } from '../rooms-store.js';
import { useSelector } from '../use-chat.js';

type Person = { user_id: number; nickname: string };

const known = (action: string): action is AuditAction => (AUDIT_ACTIONS as readonly string[]).includes(action);

/** One audit entry: when, who (the admin CLI when nobody), what, to whom or what, and the old and new value. */
export function AuditEntryRow({ entry, onUser }: { entry: AuditEntry; onUser: (user: Person) => void }) {
  const roomName = useSelector((state) => (entry.target_room_id === null ? undefined : findRoom(state.rooms, entry.target_room_id)?.name));
  const person = (user: Person) => (
    <button type="button" class="link" title={t('admin.audit.onlyUser', { name: user.nickname })} onClick={() => onUser(user)}>
      {user.nickname}
    </button>
  );
  const change = [entry.old_value, entry.new_value].filter((value) => value !== null).join(' → ');
  return (
    <tr data-audit-id={entry.id} data-action={entry.action}>
      <td>
        <time dateTime={entry.at} title={exactTime(entry.at)}>
          {relativeTime(entry.at)}
        </time>
      </td>
      <td>{entry.actor ? person(entry.actor) : <span class="hint">{t('admin.audit.cli')}</span>}</td>
      <td>{known(entry.action) ? t(`audit.${entry.action}`) : entry.action}</td>
      <td class="audit-target">
        {entry.target_user && person(entry.target_user)}
        {entry.target_room_id !== null && <span>{roomName ?? t('admin.audit.roomId', { id: entry.target_room_id })}</span>}
        {entry.target_message_id !== null && <span>{t('admin.audit.messageId', { id: entry.target_message_id })}</span>}
      </td>
      <td>
        {change}
        {entry.count > 1 && <span class="hint"> {t('admin.audit.times', { count: entry.count })}</span>}
        {entry.address && <span class="hint audit-address"> {t('admin.audit.from', { address: entry.address })}</span>}
      </td>
    </tr>
  );
}
