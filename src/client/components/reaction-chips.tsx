import type { Reaction } from '../../protocol/message.js';
import { t } from '../i18n/translate.js';
import { nicknameOf } from '../people.js';
import { useSelector, useSession } from '../use-chat.js';

interface Props {
  roomId: number;
  messageId: number;
  reactions: Reaction[];
  onAdd: () => void;
  /** An archived room: the chips still say who reacted, but cannot be pressed, and there is no "+". */
  readOnly?: boolean;
}

/** Who gave a reaction, for its tooltip: the names the page knows, and how many more. */
function whoReacted(names: string[], count: number): string {
  const known = names.join(', ');
  return count > names.length ? t('reaction.others', { names: known, count: count - names.length }) : known;
}

/**
 * The reactions under a message: each emoji with its count, mine highlighted (pressed); a click gives
 * or takes back mine; the tooltip says who. The last chip opens the picker for another emoji.
 */
export function ReactionChips({ roomId, messageId, reactions, onAdd, readOnly = false }: Props) {
  const session = useSession();
  const me = useSelector((state) => state.user?.user_id ?? 0);
  // One string, so the chips re-render only when a name becomes known, not on every store change.
  const names = useSelector((state) =>
    reactions
      .map((reaction) =>
        reaction.user_ids
          .map((id) => nicknameOf(state, roomId, id))
          .filter((name) => name !== undefined)
          .join('\u0000'),
      )
      .join('\u0001'),
  );
  const namesOf = names.split('\u0001').map((list) => (list === '' ? [] : list.split('\u0000')));
  return (
    <div class="reactions">
      {reactions.map((reaction, index) => {
        const mine = reaction.user_ids.includes(me);
        const known = namesOf[index] ?? [];
        const count = t('reaction.chip', { emoji: reaction.emoji, count: reaction.count });
        const who = known.length === 0 ? count : t('reaction.who', { names: whoReacted(known, reaction.count), emoji: reaction.emoji });
        return (
          <button
            key={reaction.emoji}
            type="button"
            class={mine ? 'reaction-chip mine' : 'reaction-chip'}
            aria-pressed={mine}
            aria-label={known.length === 0 ? count : `${count}. ${who}`}
            title={who}
            data-emoji={reaction.emoji}
            disabled={readOnly}
            onClick={() => session.changes.toggleReaction(messageId, reaction.emoji)}
          >
            <span aria-hidden="true">{reaction.emoji}</span>
            <span aria-hidden="true" class="reaction-count">
              {reaction.count}
            </span>
          </button>
        );
      })}
      {!readOnly && (
        <button type="button" class="reaction-chip add-reaction" aria-label={t('message.react')} title={t('message.react')} onClick={onAdd}>
          <span aria-hidden="true">+</span>
        </button>
      )}
    </div>
  );
}
