import { render } from 'preact';
import { App } from './app.js';
import { defaultSocketUrl } from './connection.js';
import { ChatSession } from './session.js';
import { Store } from './store.js';
import './styles/base.css';
import './styles/auth.css';
import './styles/layout.css';
import './styles/room.css';
import './styles/messages.css';
import './styles/unread.css';
import './styles/dialogs.css';
import './styles/notices.css';

const store = new Store();
const session = new ChatSession(store, defaultSocketUrl());

// Messages count as read only while someone can see them: the window has focus and the page is visible.
const updateFocus = () => session.setFocused(document.hasFocus() && document.visibilityState === 'visible');
for (const event of ['focus', 'blur']) window.addEventListener(event, updateFocus);
document.addEventListener('visibilitychange', updateFocus);
updateFocus();
session.start();

const root = document.getElementById('app');
if (root) render(<App store={store} session={session} />, root);
