import { createApiClient, type Schemas } from '@hotleads/api-client';
import { useSyncExternalStore } from 'react';
import { setAccessToken, setAccessTokenRefresher } from './access-token';
import { api, send, toApiError } from './api-client';

export type AuthUser = Schemas['AuthUserDto'];
export type Workspace = Schemas['TenantSummaryDto'];
type TokenAnswer = Pick<Schemas['LoginResponseDto'], 'accessToken' | 'expiresIn'>;

export type Session =
  | { status: 'unknown' }
  | { status: 'signed-out'; expired: boolean }
  | { status: 'signed-in'; user: AuthUser; workspace: Workspace };

// The refresh and sign-in calls go out without the token machinery of `api`.
const plainApi = createApiClient({ baseUrl: '', fetch: (request) => globalThis.fetch(request) });

// Renew after this share of the access token's life, so requests rarely meet a 401.
const RENEW_AT = 0.8;
const LOCK_NAME = 'hotleads-token-refresh';
// Set while this browser holds a refresh cookie (which scripts cannot see), so a visitor who never signed in
// is not sent to a refresh that can only fail.
const HAS_SESSION_KEY = 'hotleads-has-session';

function rememberSession(present: boolean): void {
  try {
    if (present) localStorage.setItem(HAS_SESSION_KEY, '1');
    else localStorage.removeItem(HAS_SESSION_KEY);
  } catch {
    // Storage may be disabled; a refresh is then simply always tried.
  }
}

function mayHaveSession(): boolean {
  try {
    return localStorage.getItem(HAS_SESSION_KEY) !== null;
  } catch {
    return true;
  }
}

let session: Session = { status: 'unknown' };
const listeners = new Set<() => void>();
let renewTimer: ReturnType<typeof setTimeout> | undefined;
let refreshing: Promise<string | undefined> | undefined;

function setSession(next: Session): void {
  session = next;
  for (const listener of listeners) listener();
}

export const getSession = (): Session => session;

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): Session {
  return useSyncExternalStore(subscribeSession, getSession, getSession);
}

function applyToken({ accessToken, expiresIn }: TokenAnswer): string | undefined {
  setAccessToken(accessToken);
  rememberSession(Boolean(accessToken));
  clearTimeout(renewTimer);
  if (accessToken && expiresIn) {
    const delay = expiresIn * 1000 * RENEW_AT;
    renewTimer = setTimeout(() => void refreshSession(), delay);
  }
  return accessToken;
}

function endSession(expired: boolean): void {
  clearTimeout(renewTimer);
  setAccessToken(undefined);
  rememberSession(false);
  setSession({ status: 'signed-out', expired });
}

// Refresh tokens rotate and a reused one revokes the whole session, so two tabs must never refresh at
// once: a Web Lock makes the second tab wait and then send the cookie the first one received.
async function exclusive<T>(work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return work();
  let result!: T;
  await locks.request(LOCK_NAME, async () => {
    result = await work();
  });
  return result;
}

async function loadWorkspace(): Promise<void> {
  const { data, error, response } = await send(api.GET('/api/v1/auth/me'));
  if (!data) throw toApiError(response, error);
  setSession({ status: 'signed-in', user: data.user, workspace: data.tenant });
}

// A new access token from the refresh cookie; undefined (and signed out) when the session is over.
// Concurrent callers share one request.
export function refreshSession(): Promise<string | undefined> {
  if (session.status === 'signed-out' || (session.status === 'unknown' && !mayHaveSession())) return Promise.resolve(undefined);
  refreshing ??= exclusive(async () => {
    const { data, response } = await send(plainApi.POST('/api/v1/auth/refresh'));
    if (data?.accessToken) return applyToken(data);
    if (response.status === 401 || response.status === 400) endSession(session.status === 'signed-in');
    return undefined;
  }).finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

setAccessTokenRefresher(refreshSession);

// Called by the signed-in routes: resumes a session from the refresh cookie after a reload.
// Concurrent callers (the layout's loader and a page's) share one restore.
let restoring: Promise<Session> | undefined;

export function restoreSession(): Promise<Session> {
  if (session.status !== 'unknown') return Promise.resolve(session);
  restoring ??= (async () => {
    const token = mayHaveSession() ? await refreshSession() : undefined;
    if (token) await loadWorkspace();
    else if (session.status === 'unknown') endSession(false);
    return session;
  })().finally(() => {
    restoring = undefined;
  });
  return restoring;
}

// After a single sign-on: the API set the refresh cookie on the redirect back to the sign-in page, so the
// next restore must try it even in a browser that never signed in here.
export function expectSession(): void {
  rememberSession(true);
}

// After a sign-in step that answered tokens (password, MFA code, enrolment, invitation).
export async function startSession(answer: TokenAnswer): Promise<void> {
  applyToken(answer);
  await loadWorkspace();
}

// The user or workspace changed (profile edit, settings): read them again.
export const reloadSession = (): Promise<void> => loadWorkspace();

export async function signOut(): Promise<void> {
  // The session ends locally whatever the API answers; the API also clears the refresh cookie.
  await send(api.POST('/api/v1/auth/logout')).catch(() => undefined);
  endSession(false);
}

// Back to "not known yet", as on a fresh page load (component tests start each case here).
export function resetSession(): void {
  clearTimeout(renewTimer);
  setAccessToken(undefined);
  refreshing = undefined;
  restoring = undefined;
  setSession({ status: 'unknown' });
}
