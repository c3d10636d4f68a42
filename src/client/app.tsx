import { useEffect } from 'preact/hooks';
import { ChatView } from './components/chat-view.js';
import { Notices } from './components/notices.js';
import { SignInForm } from './components/sign-in-form.js';
import type { ChatSession } from './session.js';
import type { Store } from './store.js';
import { useChatState } from './use-chat-state.js';

export function App({ store, session }: { store: Store; session: ChatSession }) {
  const state = useChatState(store);
  const unread = state.rooms.reduce((sum, room) => sum + room.unread, 0);
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) cerulean chalice` : 'cerulean chalice';
  }, [unread]);
  return (
    <>
      {state.user ? <ChatView state={state} session={session} /> : <SignInForm state={state} session={session} />}
      <Notices notices={state.notices} onDismiss={(id) => session.dismiss(id)} />
    </>
  );
}
