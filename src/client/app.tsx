import { useEffect } from 'preact/hooks';
import { ChatView } from './components/chat-view.js';
import { Notices } from './components/notices.js';
import { SignInForm } from './components/sign-in-form.js';
import { countRender } from './render-count.js';
import { attention } from './rooms-store.js';
import { showAttention } from './tab-badge.js';
import { useSelector } from './use-chat.js';

/** The tab's title and favicon count unread conversation messages and mentions. */
function DocumentTitle() {
  const count = useSelector((state) => state.rooms.reduce((sum, room) => sum + attention(room, Date.now()), 0));
  useEffect(() => showAttention(count), [count]);
  return null;
}

export function App() {
  countRender('App');
  const signedIn = useSelector((state) => state.user !== null);
  return (
    <>
      {signedIn ? <ChatView /> : <SignInForm />}
      <DocumentTitle />
      <Notices />
    </>
  );
}
