import type { Schemas } from '@hotleads/api-client';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { onTestFinished } from 'vitest';
import { AppProvider } from '@/app/provider';
import { createRoutes } from '@/app/router';
import { createQueryClient } from '@/lib/react-query';
import { resetSession } from '@/lib/session';
import { signedInFetch, testUser } from './session';

interface RenderAppOptions {
  // Who is signed in (by default an owner holding every permission); null for a visitor without a session.
  user?: Schemas['AuthUserDto'] | null;
  // The workspace's settings as the session carries them (e.g. its phone country).
  workspaceSettings?: Partial<Schemas['TenantSettingsDto']>;
}

// The whole app (providers, real routes, loaders, lazy pages) at one URL, with a fresh cache and session.
// Install the test's fetch stub before calling it: the session's own requests are answered around it.
export function renderApp(url = '/', { user: signedInAs = testUser(), workspaceSettings }: RenderAppOptions = {}) {
  resetSession();
  if (signedInAs) signedInFetch(signedInAs, workspaceSettings);
  const queryClient = createQueryClient();
  const router = createMemoryRouter(createRoutes(queryClient), { initialEntries: [url] });
  // A navigation still running when the test ends (a lazy page, a loader) must not call the next test's fetch.
  onTestFinished(() => {
    router.dispose();
    queryClient.clear();
  });
  const user = userEvent.setup();
  const view = render(
    <AppProvider queryClient={queryClient} env="test">
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { ...view, user, router, queryClient };
}
