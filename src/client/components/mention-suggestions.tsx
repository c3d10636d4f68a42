import type { RoomMemberRef } from '../../protocol/rooms.js';
import { t } from '../i18n/translate.js';
import { Avatar } from './avatar.js';

interface Props {
  id: string;
  options: RoomMemberRef[];
  active: number;
  optionId: (index: number) => string;
  onPick: (member: RoomMemberRef) => void;
}

/** The names offered after `@` in the composer, above it; the keyboard stays in the composer (aria-activedescendant). */
export function MentionSuggestions({ id, options, active, optionId, onPick }: Props) {
  if (options.length === 0) return null;
  return (
    <div id={id} class="mention-suggestions" role="listbox" aria-label={t('mention.suggestions')}>
      {options.map((member, index) => (
        <div
          key={member.user_id}
          tabIndex={-1}
          id={optionId(index)}
          role="option"
          aria-selected={index === active}
          class={index === active ? 'active' : undefined}
          // Before the click: the composer keeps focus.
          onMouseDown={(event) => {
            event.preventDefault();
            onPick(member);
          }}
        >
          <Avatar nickname={member.nickname} />
          <span>{member.nickname}</span>
        </div>
      ))}
    </div>
  );
}
