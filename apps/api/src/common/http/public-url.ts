import type { AppConfig } from '../../config/app.config';
import type { HostWorkspace } from './workspace-host';

// The app's own address: PUBLIC_URL, or this machine in development.
export const publicUrlOf = (app: Pick<AppConfig, 'PUBLIC_URL' | 'PORT'>): string => (app.PUBLIC_URL ?? `http://localhost:${app.PORT}`).replace(/\/+$/, '');

// A workspace's own address with BASE_DOMAIN set: PUBLIC_URL's scheme and port (https without it).
export function workspaceUrlOf(app: Pick<AppConfig, 'PUBLIC_URL' | 'BASE_DOMAIN'>, slug: string, sub = true): string {
  const publicUrl = app.PUBLIC_URL ? new URL(app.PUBLIC_URL) : undefined;
  const port = publicUrl?.port ? `:${publicUrl.port}` : '';
  return `${publicUrl?.protocol ?? 'https:'}//${sub ? `${slug}.` : ''}${app.BASE_DOMAIN}${port}`;
}

// Where links shown to a workspace's staff point (public form and webhook URLs): the workspace's own
// host when the request came through it, else PUBLIC_URL.
export function publicBaseUrlFor(app: Pick<AppConfig, 'PUBLIC_URL' | 'PORT' | 'BASE_DOMAIN'>, ctx: { workspaceHost?: HostWorkspace | null }): string {
  return app.BASE_DOMAIN && ctx.workspaceHost ? workspaceUrlOf(app, ctx.workspaceHost.slug) : publicUrlOf(app);
}
