import { useEffect } from 'preact/hooks';
import { findRoom } from '../rooms-store.js';
import { useSelector } from '../use-chat.js';
import { AdminPanel } from './admin-panel.js';
import { ArchiveRoomDialog } from './archive-room-dialog.js';
import { BrowseRoomsDialog } from './browse-rooms-dialog.js';
import { ConversationDialog } from './conversation-dialog.js';
import { CreateRoomDialog } from './create-room-dialog.js';
import { EditRoomDialog } from './edit-room-dialog.js';
import { InviteDialog } from './invite-dialog.js';
import { LeaveRoomDialog } from './leave-room-dialog.js';
import { NotifyDialog } from './notify-dialog.js';
import { QuickSwitcher } from './quick-switcher.js';
import { SearchDialog } from './search-dialog.js';
import { SettingsDialog } from './settings-dialog.js';

export type DialogKind =
  | 'create'
  | 'browse'
  | 'conversation'
  | 'invite'
  | 'edit'
  | 'leave'
  | 'archive'
  | 'switcher'
  | 'settings'
  | 'search'
  | 'notify'
  | 'admin';

/** Dialogs about a room (invite, edit, leave, archive) hold its id; they close themselves if the room goes away. */
export interface OpenDialog {
  kind: DialogKind;
  roomId?: number;
}

interface Props {
  dialog: OpenDialog;
  onClose: () => void;
  onOpenRoom: (roomId: number) => void;
  onOpenMessage: (roomId: number, seq: number) => void;
  onSearch: (query: string) => void;
}

export function ChatDialogs({ dialog, onClose, onOpenRoom, onOpenMessage, onSearch }: Props) {
  const room = useSelector((state) => (dialog.roomId === undefined ? undefined : findRoom(state.rooms, dialog.roomId)));
  const gone = dialog.roomId !== undefined && !room;
  useEffect(() => {
    if (gone) onClose();
  }, [gone, onClose]);

  switch (dialog.kind) {
    case 'create':
      return <CreateRoomDialog onClose={onClose} />;
    case 'browse':
      return <BrowseRoomsDialog onClose={onClose} onOpenRoom={onOpenRoom} />;
    case 'conversation':
      return <ConversationDialog onClose={onClose} />;
    case 'switcher':
      return <QuickSwitcher onClose={onClose} onOpenRoom={onOpenRoom} onSearch={onSearch} />;
    case 'settings':
      return <SettingsDialog onClose={onClose} />;
    case 'admin':
      return <AdminPanel onClose={onClose} />;
    case 'search':
      return <SearchDialog onClose={onClose} onOpenMessage={onOpenMessage} />;
    case 'invite':
      return room ? <InviteDialog room={room} onClose={onClose} /> : null;
    case 'edit':
      return room ? <EditRoomDialog room={room} onClose={onClose} /> : null;
    case 'leave':
      return room ? <LeaveRoomDialog room={room} onClose={onClose} /> : null;
    case 'archive':
      return room ? <ArchiveRoomDialog room={room} onClose={onClose} /> : null;
    case 'notify':
      return room ? <NotifyDialog room={room} onClose={onClose} /> : null;
  }
}
