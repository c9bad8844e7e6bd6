// The workspace a request's host name belongs to when BASE_DOMAIN is set (set by the workspace-host hook
// of the access module): a workspace on `{slug}.{BASE_DOMAIN}`, null on the apex host, undefined when
// BASE_DOMAIN is unset (one host for every workspace) or for the health and metrics endpoints.
export interface HostWorkspace {
  tenantId: string;
  slug: string;
  name: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    workspaceHost?: HostWorkspace | null;
  }
}

// Whether a credential of this workspace may be used on this host: anywhere with BASE_DOMAIN unset; on a
// workspace's host only that workspace's; on the apex host API keys only (staff sign in on their
// workspace's host, so a session lives on exactly one host).
export function hostAdmits(host: HostWorkspace | null | undefined, tenantId: string, kind: 'user' | 'api_key'): boolean {
  if (host === undefined) return true;
  if (host === null) return kind === 'api_key';
  return host.tenantId === tenantId;
}
