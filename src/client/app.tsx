import { useEffect } from 'preact/hooks';
import { ChatView } from './components/chat-view.js';
import { Notices } from './components/notices.js';
import { SignInForm } from './components/sign-in-form.js';
import { countRender } from './render-count.js';
import { useSelector } from './use-chat.js';

/** The tab's title counts what is unread everywhere. */
function DocumentTitle() {
  const unread = useSelector((state) => state.rooms.reduce((sum, room) => sum + room.unread, 0));
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) cerulean chalice` : 'cerulean chalice';
  }, [unread]);
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
