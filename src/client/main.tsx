import { render } from 'preact';
import { App } from './app.js';
import { defaultSocketUrl } from './connection.js';
import { preferredLanguage } from './i18n/language.js';
import { setLanguage } from './i18n/translate.js';
import { startServiceWorker } from './service-worker.js';
import { ChatSession } from './session.js';
import { Store } from './store.js';
import { startTheme } from './theme.js';
import { ChatContext } from './use-chat.js';
import './styles/base.css';
import './styles/auth.css';
import './styles/layout.css';
import './styles/room.css';
import './styles/messages.css';
import './styles/files.css';
import './styles/unread.css';
import './styles/dialogs.css';
import './styles/admin.css';
import './styles/notices.css';
import './styles/message-life.css';
import './styles/phone.css';

startTheme();
setLanguage(preferredLanguage());

const store = new Store();
const session = new ChatSession(store, defaultSocketUrl());
const root = document.getElementById('app');

/** Renders the page; a new language renders it afresh (the key), so every string is looked up again. */
function show(): void {
  if (root) {
    render(
      <ChatContext.Provider value={{ store, session }}>
        <App key={session.language} />
      </ChatContext.Provider>,
      root,
    );
  }
}
session.onLanguageChange(show);

// Messages count as read only while someone can see them: the window has focus and the page is visible.
const updateFocus = () => session.setFocused(document.hasFocus() && document.visibilityState === 'visible');
for (const event of ['focus', 'blur']) window.addEventListener(event, updateFocus);
document.addEventListener('visibilitychange', updateFocus);
updateFocus();
session.start();
show();
startServiceWorker((place) => session.go(place));
