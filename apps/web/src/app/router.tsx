import type { QueryClient } from '@tanstack/react-query';
import { createBrowserRouter, redirect, type LoaderFunctionArgs, type RouteObject } from 'react-router';
import { PageError } from '@/components/errors/page-error';
import { RouteError } from '@/components/errors/route-error';
import { AppLayout } from '@/components/layouts/app-layout';
import { PageSkeleton } from '@/components/ui/page-skeleton';
import { paths } from '@/config/paths';
import { SystemStatusSkeleton } from '@/features/system/components/status-overview';
import { restoreSession } from '@/lib/session';
import { homeHref } from './home-page';
import { lazyPage } from './lazy-page';
import { NotFoundRoute } from './routes/not-found';

// Every page under the app shell needs a session: resume it from the refresh cookie, or go and sign in.
async function requireSession({ request }: LoaderFunctionArgs) {
  const session = await restoreSession();
  if (session.status === 'signed-in') return null;
  const url = new URL(request.url);
  throw redirect(paths.signIn.getHref(`${url.pathname}${url.search}`));
}

// Routes as data so tests can mount them in a memory router. Pages are lazy: each loads with its own chunk.
export function createRoutes(queryClient: QueryClient): RouteObject[] {
  const lazy = (load: Parameters<typeof lazyPage>[1], requiresSession: boolean) => ({
    lazy: lazyPage(queryClient, load, requiresSession),
    HydrateFallback: PageSkeleton,
  });
  const publicPage = (load: Parameters<typeof lazyPage>[1]) => lazy(load, false);
  // Pages inside the shell fail in place: the header and navigation stay.
  const page = (load: Parameters<typeof lazyPage>[1]) => ({ ...lazy(load, true), ErrorBoundary: PageError });
  return [
    { path: paths.signIn.path, ErrorBoundary: RouteError, ...publicPage(() => import('@/features/auth/routes/sign-in-route')) },
    {
      path: paths.acceptInvitation.path,
      ErrorBoundary: RouteError,
      ...publicPage(() => import('@/features/auth/routes/accept-invitation-route')),
    },
    {
      path: paths.forgotPassword.path,
      ErrorBoundary: RouteError,
      ...publicPage(() => import('@/features/auth/routes/forgot-password-route')),
    },
    {
      path: paths.resetPassword.path,
      ErrorBoundary: RouteError,
      ...publicPage(() => import('@/features/auth/routes/reset-password-route')),
    },
    {
      path: paths.findWorkspace.path,
      ErrorBoundary: RouteError,
      ...publicPage(() => import('@/features/workspace-access/routes/find-workspace-route')),
    },
    {
      path: paths.signUp.path,
      ErrorBoundary: RouteError,
      ...publicPage(() => import('@/features/auth/routes/sign-up-route')),
    },
    {
      path: paths.home.path,
      Component: AppLayout,
      ErrorBoundary: RouteError,
      loader: requireSession,
      HydrateFallback: PageSkeleton,
      children: [
        // `element: null`: the route renders nothing of its own, its loader redirects.
        // Without a session the layout's loader sends the visitor to sign in (and back to `/` after).
        {
          index: true,
          loader: async () => {
            const session = await restoreSession();
            return session.status === 'signed-in' ? redirect(homeHref(session)) : null;
          },
          element: null,
        },
        { path: paths.dashboard.path, ...page(() => import('@/features/dashboard/routes/dashboard-route')) },
        { path: paths.myDay.path, ...page(() => import('@/features/leads/routes/my-day-route')) },
        {
          path: paths.leads.path,
          ...page(() => import('@/features/leads/routes/leads-route')),
          // The detail opens beside the list (the list page renders an <Outlet />), so j/k keep working.
          children: [{ path: paths.lead.path, ...page(() => import('@/features/leads/routes/lead-detail-route')) }],
        },
        { path: paths.forms.path, ...page(() => import('@/features/forms/routes/forms-route')) },
        { path: paths.form.path, ...page(() => import('@/features/forms/routes/form-route')) },
        { path: paths.users.path, ...page(() => import('@/features/users/routes/users-route')) },
        { path: paths.roles.path, ...page(() => import('@/features/roles/routes/roles-route')) },
        { path: paths.apiKeys.path, ...page(() => import('@/features/api-keys/routes/api-keys-route')) },
        { path: paths.integrations.path, ...page(() => import('@/features/integrations/routes/integrations-route')) },
        { path: paths.integration.path, ...page(() => import('@/features/integrations/routes/connection-route')) },
        { path: paths.webhooks.path, ...page(() => import('@/features/webhooks/routes/webhooks-route')) },
        { path: paths.auditLog.path, ...page(() => import('@/features/audit/routes/audit-log-route')) },
        { path: paths.privacy.path, ...page(() => import('@/features/privacy/routes/privacy-route')) },
        { path: paths.settings.path, ...page(() => import('@/features/settings/routes/settings-route')) },
        { path: paths.enrichmentSettings.path, ...page(() => import('@/features/enrichment/routes/enrichment-settings-route')) },
        { path: paths.account.path, ...page(() => import('@/features/account/routes/account-route')) },
        { path: paths.system.path, ...page(() => import('@/features/system/routes/system-route')) },
        { path: paths.scoringSettings.path, ...page(() => import('@/features/rules/routes/scoring-settings-route')) },
        { path: paths.assignmentSettings.path, ...page(() => import('@/features/rules/routes/assignment-settings-route')) },
        { path: paths.notificationSettings.path, ...page(() => import('@/features/notifications/routes/notification-settings-route')) },
        { path: paths.imports.path, ...page(() => import('@/features/imports/routes/import-route')) },
        { path: paths.duplicates.path, ...page(() => import('@/features/duplicates/routes/duplicates-route')) },
        { path: paths.workspaceAddress.path, ...page(() => import('@/features/workspace-access/routes/workspace-address-route')) },
        { path: paths.networkAccess.path, ...page(() => import('@/features/workspace-access/routes/network-access-route')) },
        { path: paths.ssoSettings.path, ...page(() => import('@/features/sso/routes/sso-settings-route')) },
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
