import { DEFAULT_ROOM_ID } from '../../protocol/message.js';
import type { ChatSession } from '../session.js';
import type { ChatState } from '../store.js';
import { Composer } from './composer.js';
import { MessageList } from './message-list.js';
import { Sidebar } from './sidebar.js';
import { StatusIndicator } from './status-indicator.js';

export function ChatView({ state, session }: { state: ChatState; session: ChatSession }) {
  const user = state.user;
  if (!user) return null;
  // Only the default room has a view so far; other rooms' messages stay in the store for when they get one.
  const messages = state.messages.filter((message) => message.room_id === DEFAULT_ROOM_ID);
  return (
    <div class="chat">
      <Sidebar nickname={user.nickname} onSignOut={() => session.signOut()} />
      <main class="room">
        <header class="room-header">
          <h2># general</h2>
          <StatusIndicator status={state.status} retryAt={state.retryAt} signedIn />
        </header>
        <MessageList
          messages={messages}
          pending={state.pending}
          me={user}
          hasMore={state.hasMore}
          onRetry={(id) => session.outbox.retry(id)}
          onDiscard={(id) => session.outbox.discard(id)}
        />
        <Composer onSend={(text) => session.outbox.add(text)} />
      </main>
    </div>
  );
}
