import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problemBody } from '../../common/problem/problem-body';
import { HTTP_PROBLEMS } from '../../common/problem/problem-kind';
import '../../common/http/workspace-host';
import type { WorkspaceHosts } from './workspace-hosts.service';

const { code: WORKSPACE_NOT_FOUND } = HTTP_PROBLEMS.workspaceNotFound;

// Load balancers and scrapers reach these by address, not by a workspace's name.
const HOST_FREE_PATHS = /^\/(health|metrics)(\/|\?|$)/;

const NOT_FOUND_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>No workspace here</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem">
<main><h1>No workspace here</h1><p>There is no workspace at this address. Check the link you followed, or ask your
administrator for your workspace's address.</p></main></body></html>
`;

function notFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.code(404);
  if (request.url.startsWith('/api/')) {
    const body = problemBody(404, WORKSPACE_NOT_FOUND, 'Workspace not found', 'There is no workspace at this address.', request.url, String(request.id));
    return reply.type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }
  return reply.type('text/html; charset=utf-8').send(NOT_FOUND_PAGE);
}

// With BASE_DOMAIN set, every request learns its workspace from its host name (Host, or X-Forwarded-Host
// only from a proxy TRUST_PROXY trusts: Fastify's request.hostname) before any route runs. A name under
// BASE_DOMAIN with no workspace, or a host that is not ours at all, gets a plain 404.
export function registerWorkspaceHosts(fastify: FastifyInstance, hosts: WorkspaceHosts): void {
  if (!hosts.enabled) return;
  fastify.addHook('onRequest', async (request, reply) => {
    if (HOST_FREE_PATHS.test(request.url)) return;
    const match = hosts.classify(request.hostname);
    if (match.kind === 'apex') {
      request.workspaceHost = null;
      return;
    }
    const workspace = match.kind === 'workspace' ? await hosts.bySlug(match.slug) : null;
    if (!workspace) return notFound(request, reply);
    request.workspaceHost = workspace;
  });
}
