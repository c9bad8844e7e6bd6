import type { QueryClient } from '@tanstack/react-query';
import type { ComponentType } from 'react';
import type { LoaderFunction } from 'react-router';
import { retryImport } from '@/lib/load-chunk';
import { restoreSession } from '@/lib/session';

// What a lazily loaded page module exports as `page`: its component and, if it prefetches, its loader.
export type PageFactory = (queryClient: QueryClient) => { Component: ComponentType; loader?: LoaderFunction };

// React Router runs a page's loader alongside the layout's, so a prefetch could go out before the session is
// restored (a 401). Signed-in pages' loaders wait for the session and do nothing without one: the layout then
// redirects. Public pages (sign-in, invitation) run theirs as they are.
export const lazyPage = (queryClient: QueryClient, load: () => Promise<{ page: PageFactory }>, requiresSession: boolean) => async () => {
  // A failed download is tried again before the page's error boundary says so (in place, see PageError).
  const { Component, loader } = (await retryImport(load)).page(queryClient);
  if (!loader || !requiresSession) return { Component, loader };
  const afterSession: LoaderFunction = async (args, context) =>
    (await restoreSession()).status === 'signed-in' ? loader(args, context) : null;
  return { Component, loader: afterSession };
};
