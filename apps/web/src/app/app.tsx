import { useState } from 'react';
// Not 'react-router/dom': under Vitest on Node 20 that entry loads a second copy of the router (CommonJS),
// and the app and its tests should mount the router the same way. We do not use flushSync navigation.
import { RouterProvider } from 'react-router';
import { createQueryClient } from '@/lib/react-query';
import { AppProvider } from './provider';
import { createAppRouter } from './router';

export function App() {
  // Created once per mount, not at import time, so tests and hot reloads start from a clean cache.
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(() => createAppRouter(queryClient));
  return (
    <AppProvider queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProvider>
  );
}
