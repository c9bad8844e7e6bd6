// The short-lived access token lives in memory only (never in storage a script could read later). The
// refresh token is an httpOnly cookie the browser sends to /api/v1/auth, so a reload restores the session.
let token: string | undefined;
let refresher: (() => Promise<string | undefined>) | undefined;

export const getAccessToken = () => token;

export function setAccessToken(value: string | undefined): void {
  token = value;
}

// The session module registers how a fresh token is obtained; the API client calls it on a 401.
export function setAccessTokenRefresher(refresh: () => Promise<string | undefined>): void {
  refresher = refresh;
}

export const refreshAccessToken = (): Promise<string | undefined> => refresher?.() ?? Promise.resolve(undefined);
