import { getSession, subscribeSession, type Session } from './session';

// Route loaders run side by side: on a reload the layout's loader is still restoring the session when a page's
// loader starts. This resolves once it is known, signed in or not, without starting a second restore.
export function whenSessionKnown(): Promise<Session> {
  return new Promise((resolve) => {
    const known = () => {
      const session = getSession();
      if (session.status === 'unknown') return false;
      resolve(session);
      return true;
    };
    if (known()) return;
    const stop = subscribeSession(() => {
      if (known()) stop();
    });
  });
}
