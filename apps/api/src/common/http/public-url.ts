import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/app.config';
import { queryRows } from '../db/sql';
import type { HostWorkspace } from './workspace-host';

type UrlConfig = Pick<AppConfig, 'PUBLIC_URL' | 'PORT' | 'BASE_DOMAIN'>;

// The app's own address: PUBLIC_URL, or this machine in development.
export const publicUrlOf = (app: Pick<AppConfig, 'PUBLIC_URL' | 'PORT'>): string => (app.PUBLIC_URL ?? `http://localhost:${app.PORT}`).replace(/\/+$/, '');

// A workspace's own address with BASE_DOMAIN set: PUBLIC_URL's scheme and port (https without it).
export function workspaceUrlOf(app: Pick<AppConfig, 'PUBLIC_URL' | 'BASE_DOMAIN'>, slug: string, sub = true): string {
  const publicUrl = app.PUBLIC_URL ? new URL(app.PUBLIC_URL) : undefined;
  const port = publicUrl?.port ? `:${publicUrl.port}` : '';
  return `${publicUrl?.protocol ?? 'https:'}//${sub ? `${slug}.` : ''}${app.BASE_DOMAIN}${port}`;
}

// Where every link into a workspace's app points (emailed links, Slack messages, the form and webhook URLs
// shown to its staff): the workspace's own host with BASE_DOMAIN set, since its staff sign in only there;
// PUBLIC_URL otherwise.
export function workspaceBaseUrl(app: UrlConfig, slug: string | null | undefined): string {
  return app.BASE_DOMAIN && slug ? workspaceUrlOf(app, slug) : publicUrlOf(app);
}

// The same from a tenant id, read in the caller's transaction (the tenant's own, or a cross-tenant one).
export async function workspaceBaseUrlOf(m: EntityManager, app: UrlConfig, tenantId: string): Promise<string> {
  if (!app.BASE_DOMAIN) return publicUrlOf(app);
  const [row] = await queryRows<{ slug: string }>(m, `select slug from tenants where id = $1`, [tenantId]);
  return workspaceBaseUrl(app, row?.slug);
}

// The same for a request: the workspace its host name serves (an API key on the apex gets PUBLIC_URL).
export function publicBaseUrlFor(app: UrlConfig, ctx: { workspaceHost?: HostWorkspace | null }): string {
  return workspaceBaseUrl(app, ctx.workspaceHost?.slug);
}
