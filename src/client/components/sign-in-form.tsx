import { useState } from 'preact/hooks';
import { errorText } from '../error-text.js';
import { t } from '../i18n/translate.js';
import type { AuthMode } from '../sign-in.js';
import { useSelector, useSession } from '../use-chat.js';
import { ConnectionStatus } from './connection-status.js';
import { LanguagePicker } from './settings-dialog.js';

/** The password rule (the server's default PASSWORD_MIN_LENGTH), shown before anyone breaks it. */
const PASSWORD_MIN_LENGTH = 8;

export function SignInForm() {
  const session = useSession();
  const authBusy = useSelector((state) => state.authBusy);
  const authError = useSelector((state) => state.authError);
  const firstAccount = useSelector((state) => state.firstAccount);
  const [mode, setMode] = useState<AuthMode>('signin');
  const [nickname, setNickname] = useState('');
  const [password, setPassword] = useState('');
  const title = mode === 'signin' ? t('auth.signIn') : t('auth.signUp');

  const submit = (event: Event) => {
    event.preventDefault();
    if (!authBusy) session.authenticate(mode, nickname, password);
  };

  return (
    <main class="auth">
      <form class="auth-card" onSubmit={submit} aria-busy={authBusy} aria-labelledby="auth-title">
        <h1 class="brand" id="auth-title">
          cerulean chalice
        </h1>
        <div class="tabs" role="tablist" aria-label={t('auth.mode')}>
          {(['signin', 'signup'] as const).map((tab) => (
            <button
              key={tab}
              type="button"
              role="tab"
              aria-selected={mode === tab}
              class={mode === tab ? 'tab active' : 'tab'}
              onClick={() => setMode(tab)}
            >
              {tab === 'signin' ? t('auth.signIn') : t('auth.signUp')}
            </button>
          ))}
        </div>
        <label>
          {t('common.nickname')}
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
          {t('auth.password')}
          <input
            name="password"
            type="password"
            autocomplete={mode === 'signup' ? 'new-password' : 'current-password'}
            required
            aria-describedby={mode === 'signup' ? 'password-rule' : undefined}
            value={password}
            onInput={(event) => setPassword(event.currentTarget.value)}
          />
        </label>
        {mode === 'signup' && firstAccount && (
          <p class="hint first-account" role="note">
            {t('auth.firstAccount')}
          </p>
        )}
        {mode === 'signup' && (
          <p class="hint" id="password-rule">
            {t('auth.passwordRule', { count: PASSWORD_MIN_LENGTH })}
          </p>
        )}
        {authError && (
          <p class="auth-error" role="alert" data-reason={authError.reason}>
            {errorText(authError.reason, 'auth')}
          </p>
        )}
        <button type="submit" class="primary" disabled={authBusy}>
          {authBusy ? t('auth.busy') : title}
        </button>
        <ConnectionStatus signedIn={false} />
        <LanguagePicker />
      </form>
    </main>
  );
}
