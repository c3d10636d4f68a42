import { useState } from 'preact/hooks';
import type { ChatSession } from '../session.js';
import type { AuthMode } from '../sign-in.js';
import type { ChatState } from '../store.js';
import { StatusIndicator } from './status-indicator.js';

const TITLES: Record<AuthMode, string> = { signin: 'Sign in', signup: 'Create account' };

export function SignInForm({ state, session }: { state: ChatState; session: ChatSession }) {
  const [mode, setMode] = useState<AuthMode>('signin');
  const [nickname, setNickname] = useState('');
  const [password, setPassword] = useState('');

  const submit = (event: Event) => {
    event.preventDefault();
    if (!state.authBusy) session.authenticate(mode, nickname, password);
  };

  return (
    <main class="auth">
      <form class="auth-card" onSubmit={submit} aria-busy={state.authBusy}>
        <h1 class="brand">cerulean chalice</h1>
        <div class="tabs" role="tablist">
          {(['signin', 'signup'] as const).map((tab) => (
            <button
              key={tab}
              type="button"
              role="tab"
              aria-selected={mode === tab}
              class={mode === tab ? 'tab active' : 'tab'}
              onClick={() => setMode(tab)}
            >
              {TITLES[tab]}
            </button>
          ))}
        </div>
        <label>
          Nickname
          <input
            name="nickname"
            autocomplete="username"
            required
            maxLength={32}
            value={nickname}
            onInput={(event) => setNickname(event.currentTarget.value)}
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autocomplete={mode === 'signup' ? 'new-password' : 'current-password'}
            required
            value={password}
            onInput={(event) => setPassword(event.currentTarget.value)}
          />
        </label>
        {state.authError && (
          <p class="auth-error" role="alert" data-reason={state.authError.reason}>
            {state.authError.message}
          </p>
        )}
        <button type="submit" class="primary" disabled={state.authBusy}>
          {state.authBusy ? 'Please wait…' : TITLES[mode]}
        </button>
        <StatusIndicator status={state.status} retryAt={state.retryAt} signedIn={false} onReconnect={() => session.reconnectNow()} />
      </form>
    </main>
  );
}
