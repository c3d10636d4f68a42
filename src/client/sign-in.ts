import type { ClientPayload } from '../protocol/client-frames.js';
import type { ServerPayloads } from '../protocol/server-events.js';
import type { Connection } from './connection.js';
import { errorText } from './error-text.js';
import { t } from './i18n/translate.js';
import { clearSession, loadSession, saveSession, watchSignOut } from './saved-session.js';
import { initialState, type Store } from './store.js';

export type AuthMode = 'signin' | 'signup';

export type ResumePoint = Pick<ClientPayload<'resume'>, 'since' | 'since_seq' | 'since_rev'>;

export interface SignInEvents {
  /** Signed in, with the password from the form or (`resumed`) with the session token. */
  signedIn(resumed: boolean): void;
  /** Where the server's catch-up should start in each room this page holds. */
  resumePoint(): ResumePoint;
  notify(text: string): void;
}

type Request = { requestId: string } & ({ mode: AuthMode; nickname: string; password: string } | { mode: 'resume' });
/** Why the form is shown again: `reason` is an error code (the form puts it in words), `message` the server's, for developers. */
type Refusal = { reason: string; message: string; retryAfterMs?: number | undefined };

/** Refusals of `resume` that a later try on a fresh socket may not get; any other means the token is no good. */
const TRANSIENT = new Set(['rate_limited', 'too_many_connections', 'server_error', 'unavailable']);
/** `signed_out` (or the close after it) normally comes at once; a silent server does not keep the person waiting. */
const SIGN_OUT_WAIT_MS = 5_000;

/**
 * Who this page is signed in as. The password goes out once, in the form's
 * signin or signup, and is dropped as soon as that request completes. What
 * the page keeps is the session token from `authorize`, in memory and in
 * localStorage: every reconnect, and a reload, signs in again with `resume`.
 */
export class SignIn {
  private token: string | null = null;
  private request: Request | null = null;
  /** The last `resume`: its catch-up `send` frames carry this request_id. */
  private resumeId: string | null = null;
  private signOutTimer: ReturnType<typeof setTimeout> | undefined;
  private signingOut = false;
  /** A token signed out while offline, revoked on the server once a socket is open. */
  private pendingRevoke: string | null = null;
  /** Whose rooms and messages the store holds: another person signing in on this page starts from nothing. */
  private owner: number | null = null;

  constructor(
    private readonly store: Store,
    private readonly connection: Connection,
    private readonly events: SignInEvents,
  ) {}

  /** At page load: a stored session signs in by itself, showing its nickname meanwhile instead of the form. */
  restore(): void {
    watchSignOut(
      () => this.token,
      () => this.signOut(),
    );
    const saved = loadSession();
    if (!saved) return;
    this.token = saved.token;
    this.owner = saved.user_id;
    this.store.update((state) => ({ ...state, user: { user_id: saved.user_id, nickname: saved.nickname } }));
  }

  /** From the form. If the socket is not open yet, the request goes out as soon as it is. */
  authenticate(mode: AuthMode, nickname: string, password: string): void {
    this.request = { requestId: this.connection.nextRequestId(), mode, nickname, password };
    this.store.update((state) => ({ ...state, authBusy: true, authError: null }));
    if (this.store.get().status === 'connected') this.send();
  }

  /** A new socket: sends the form's request if one waits, else `resume`. False when nobody is signed in. */
  connected(): boolean {
    if (this.pendingRevoke && this.connection.send('signout', { token: this.pendingRevoke })) this.pendingRevoke = null;
    if (!this.request && this.token) this.request = { requestId: this.connection.nextRequestId(), mode: 'resume' };
    if (this.request) {
      this.send();
      return true;
    }
    // Signed in, but without a token to resume with (a server without sessions): only the password will do.
    if (this.store.get().user) this.forget('invalid_token');
    return false;
  }

  isCatchUp(requestId: string | undefined): boolean {
    return requestId !== undefined && requestId === this.resumeId;
  }

  onAuthorize(payload: ServerPayloads['authorize']): void {
    const request = this.request;
    if (!request || payload.request_id !== request.requestId) return;
    this.request = null;
    if (!payload.allowed) {
      const refusal = {
        reason: payload.reason ?? 'refused',
        message: payload.message ?? 'The server refused to sign you in.',
        retryAfterMs: payload.retry_after_ms,
      };
      return this.refused(request, refusal);
    }
    const shown = this.store.get().user;
    const user = {
      user_id: payload.user_id ?? 0,
      nickname: payload.nickname ?? (request.mode === 'resume' ? shown?.nickname : request.nickname) ?? '',
    };
    this.token = payload.token ?? null;
    // No token (a server without sessions): nothing to resume with, so nothing older may stay stored either.
    if (this.token) saveSession({ token: this.token, ...user });
    else clearSession();
    const stale = this.owner !== null && this.owner !== user.user_id;
    this.owner = user.user_id;
    this.store.update((state) => ({
      ...(stale ? { ...initialState, focused: state.focused } : state),
      status: 'signed-in',
      user,
      serverRole: payload.role ?? 'member',
      authBusy: false,
      authError: null,
    }));
    this.events.signedIn(request.mode === 'resume');
  }

  /** Returns whether the error answered the sign-in request (e.g. a field the server could not read). */
  onError(payload: ServerPayloads['error']): boolean {
    const request = this.request;
    if (!request || payload.request_id === undefined || payload.request_id !== request.requestId) return false;
    this.request = null;
    this.refused(request, { reason: payload.code, message: payload.message, retryAfterMs: payload.retry_after_ms });
    return true;
  }

  /** The session token while signed in (uploads and the /files cookie use it). */
  currentToken(): string | null {
    return this.token;
  }

  /** Revokes the token on the server (`signout`), then forgets it and everything shown. */
  signOut(): void {
    if (this.signingOut) return;
    // From now on a reload shows the form, whatever the server says.
    clearSession();
    if (this.store.get().status === 'signed-in' && this.connection.send('signout', { request_id: this.connection.nextRequestId() })) {
      this.signingOut = true;
      this.store.update((state) => ({ ...state, signingOut: true }));
      this.signOutTimer = setTimeout(() => this.signedOut(), SIGN_OUT_WAIT_MS);
    } else {
      // Offline: forgotten here at once; the server hears `signout {token}` on the next connection.
      this.pendingRevoke = this.token;
      this.signingOut = true;
      this.signedOut();
    }
  }

  /** `signed_out`, the close that follows it, or no answer in time. A fresh socket for the next person. */
  signedOut(): void {
    // Not asked for here: the session was signed out from another tab or device.
    const elsewhere = !this.signingOut;
    clearTimeout(this.signOutTimer);
    this.signingOut = false;
    this.token = null;
    this.request = null;
    this.resumeId = null;
    this.owner = null;
    clearSession();
    this.store.update((state) => ({
      ...initialState,
      focused: state.focused,
      authError: elsewhere ? { reason: 'signed_out', message: 'signed out elsewhere' } : null,
    }));
    this.connection.restart(true);
  }

  /**
   * This account's server role changed. Deactivated: its sessions are revoked and the server closes the socket
   * (4403); back to the form, saying so; no token is kept, so the next socket does not try to resume.
   */
  onUserUpdated(payload: ServerPayloads['user_updated']): void {
    if (payload.user_id !== this.store.get().user?.user_id) return;
    // Made admin or member (by another admin or the CLI): the admin panel and moderator powers follow.
    if (payload.role !== 'deactivated') return this.store.update((state) => ({ ...state, serverRole: payload.role }));
    this.token = null;
    this.request = null;
    this.resumeId = null;
    clearSession();
    this.store.update((state) => ({
      ...initialState,
      focused: state.focused,
      authError: { reason: 'account_deactivated', message: 'account deactivated' },
    }));
  }

  /** The socket is gone. Returns the error to show on the form when its request died with it (the form's password is not kept to retry). */
  closed(): Refusal | null {
    if (this.signingOut) this.signedOut();
    const request = this.request;
    this.request = null;
    this.resumeId = null;
    return request && request.mode !== 'resume' ? { reason: 'connection_lost', message: 'the connection dropped' } : null;
  }

  private send(): void {
    const request = this.request;
    if (!request) return;
    if (request.mode !== 'resume') {
      this.connection.send(request.mode, { request_id: request.requestId, nickname: request.nickname, password: request.password });
    } else if (this.token) {
      this.resumeId = request.requestId;
      this.connection.send('resume', { request_id: request.requestId, token: this.token, ...this.events.resumePoint() });
    }
  }

  private refused(request: Request, refusal: Refusal): void {
    if (request.mode !== 'resume') {
      this.store.update((state) => ({ ...state, authBusy: false, authError: refusal }));
      return;
    }
    this.resumeId = null;
    if (TRANSIENT.has(refusal.reason)) {
      this.events.notify(t('notice.resumeFailed', { why: errorText(refusal.reason) }));
      // A busy server says when to come back (a restart storm): later than the backoff alone would.
      this.connection.restart(false, refusal.retryAfterMs);
      return;
    }
    // invalid_token: revoked, expired or unknown.
    this.forget(refusal.reason);
    this.connection.markHealthy();
  }

  /** Back to the form, on this same socket, saying why. What is held stays, in case the same person signs in again. */
  private forget(reason: string): void {
    this.token = null;
    clearSession();
    this.store.update((state) => ({ ...state, user: null, authBusy: false, authError: { reason, message: 'session ended' } }));
  }
}
