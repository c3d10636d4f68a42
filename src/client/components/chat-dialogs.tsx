import { useEffect } from 'preact/hooks';
import { findRoom } from '../rooms-store.js';
import type { ChatSession } from '../session.js';
import type { ChatState } from '../store.js';
import { BrowseRoomsDialog } from './browse-rooms-dialog.js';
import { ConversationDialog } from './conversation-dialog.js';
import { CreateRoomDialog } from './create-room-dialog.js';
import { EditRoomDialog } from './edit-room-dialog.js';
import { InviteDialog } from './invite-dialog.js';
import { LeaveRoomDialog } from './leave-room-dialog.js';

export type DialogKind = 'create' | 'browse' | 'conversation' | 'invite' | 'edit' | 'leave';

/** Dialogs about a room (invite, edit, leave) hold its id; they close themselves if the room goes away. */
export interface OpenDialog {
  kind: DialogKind;
  roomId?: number;
}

interface Props {
  dialog: OpenDialog;
  state: ChatState;
  session: ChatSession;
  onClose: () => void;
}

export function ChatDialogs({ dialog, state, session, onClose }: Props) {
  const room = dialog.roomId === undefined ? undefined : findRoom(state.rooms, dialog.roomId);
  const gone = dialog.roomId !== undefined && !room;
  useEffect(() => {
    if (gone) onClose();
  }, [gone, onClose]);

  const props = { state, session, onClose };
  switch (dialog.kind) {
    case 'create':
      return <CreateRoomDialog {...props} />;
    case 'browse':
      return <BrowseRoomsDialog {...props} />;
    case 'conversation':
      return <ConversationDialog {...props} />;
    case 'invite':
      return room ? <InviteDialog room={room} {...props} /> : null;
    case 'edit':
      return room ? <EditRoomDialog room={room} {...props} /> : null;
    case 'leave':
      return room ? <LeaveRoomDialog room={room} {...props} /> : null;
  }
}
