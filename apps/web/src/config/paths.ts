// Every client route in one place, so links and the router cannot drift apart.
export const paths = {
  home: { path: '/', getHref: () => '/' },
  signIn: {
    path: '/sign-in',
    // `next`: where to go once signed in (only a path of this app, see safeNext).
    getHref: (next?: string) => (next && next !== '/' ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in'),
  },
  acceptInvitation: { path: '/accept-invitation', getHref: () => '/accept-invitation' },
  forgotPassword: { path: '/forgot-password', getHref: () => '/forgot-password' },
  resetPassword: { path: '/reset-password', getHref: () => '/reset-password' },
  dashboard: { path: '/dashboard', getHref: () => '/dashboard' },
  myDay: { path: '/my-day', getHref: () => '/my-day' },
  leads: { path: '/leads', getHref: (search = '') => `/leads${search ? `?${search.replace(/^\?/, '')}` : ''}` },
  lead: {
    path: '/leads/:leadId',
    getHref: (leadId: string, search = '') => `/leads/${leadId}${search ? `?${search.replace(/^\?/, '')}` : ''}`,
  },
  forms: { path: '/forms', getHref: () => '/forms' },
  form: { path: '/forms/:formId', getHref: (formId: string) => `/forms/${formId}` },
  users: { path: '/users', getHref: () => '/users' },
  roles: { path: '/roles', getHref: () => '/roles' },
  apiKeys: { path: '/api-keys', getHref: () => '/api-keys' },
  integrations: { path: '/integrations', getHref: () => '/integrations' },
  integration: { path: '/integrations/:connectionId', getHref: (connectionId: string) => `/integrations/${connectionId}` },
  auditLog: { path: '/audit-log', getHref: (search = '') => `/audit-log${search ? `?${search.replace(/^\?/, '')}` : ''}` },
  settings: { path: '/settings', getHref: () => '/settings' },
  webhooks: { path: '/settings/webhooks', getHref: () => '/settings/webhooks' },
  enrichmentSettings: { path: '/settings/enrichment', getHref: () => '/settings/enrichment' },
  account: { path: '/account', getHref: () => '/account' },
  status: { path: '/status', getHref: () => '/status' },
  system: { path: '/system', getHref: () => '/system' },
  privacy: { path: '/privacy', getHref: () => '/privacy' },
  scoringSettings: { path: '/settings/scoring', getHref: () => '/settings/scoring' },
  assignmentSettings: { path: '/settings/assignment', getHref: () => '/settings/assignment' },
  notificationSettings: { path: '/settings/notifications', getHref: () => '/settings/notifications' },
  imports: { path: '/imports', getHref: () => '/imports' },
  duplicates: { path: '/duplicates', getHref: () => '/duplicates' },
  workspaceAddress: { path: '/settings/workspace-address', getHref: () => '/settings/workspace-address' },
  networkAccess: { path: '/settings/network-access', getHref: () => '/settings/network-access' },
  findWorkspace: { path: '/find-workspace', getHref: () => '/find-workspace' },
  signUp: { path: '/sign-up', getHref: () => '/sign-up' },
  ssoSettings: { path: '/settings/sso', getHref: () => '/settings/sso' },
} as const;

// Only same-app paths: "//evil.example" or "https://…" would turn the sign-in page into an open redirect.
export function safeNext(next: string | null | undefined): string {
  // Without one, the home route picks the user's start page (My day for agents, else the dashboard).
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return paths.home.getHref();
  return next;
}
