import { render } from 'preact';
import { App } from './app.js';
import { defaultSocketUrl } from './connection.js';
import { ChatSession } from './session.js';
import { Store } from './store.js';
import './styles.css';

const store = new Store();
const session = new ChatSession(store, defaultSocketUrl());
session.start();

const root = document.getElementById('app');
if (root) render(<App store={store} session={session} />, root);
