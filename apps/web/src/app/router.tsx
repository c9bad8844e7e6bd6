import type { QueryClient } from '@tanstack/react-query';
import { createBrowserRouter, redirect, type RouteObject } from 'react-router';
import { RouteError } from '@/components/errors/route-error';
import { AppLayout } from '@/components/layouts/app-layout';
import { paths } from '@/config/paths';
import { SystemStatusSkeleton } from '@/features/system/components/status-overview';
import { NotFoundRoute } from './routes/not-found';

// Routes as data so tests can mount them in a memory router. Pages are lazy: each loads with its own chunk.
export function createRoutes(queryClient: QueryClient): RouteObject[] {
  return [
    {
      path: paths.home.path,
      Component: AppLayout,
      ErrorBoundary: RouteError,
      children: [
        // The status page is the only page for now; the leads list takes this place later.
        // `element: null`: the route renders nothing of its own, its loader redirects.
        {
          index: true,
          loader: () => redirect(paths.status.getHref()),
          element: null,
          HydrateFallback: SystemStatusSkeleton,
        },
        {
          path: paths.status.path,
          HydrateFallback: SystemStatusSkeleton,
          lazy: async () => {
            const { StatusRoute, statusLoader } = await import('./routes/status');
            return { Component: StatusRoute, loader: statusLoader(queryClient) };
          },
        },
        // Not lazy: it is tiny and must appear at once.
        { path: '*', Component: NotFoundRoute },
      ],
    },
  ];
}

export function createAppRouter(queryClient: QueryClient) {
  return createBrowserRouter(createRoutes(queryClient));
}
