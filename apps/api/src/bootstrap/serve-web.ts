import fastifyStatic from '@fastify/static';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';

// apps/api/{src,dist}/bootstrap -> apps/web/dist
export const WEB_DIST = resolve(__dirname, '..', '..', '..', 'web', 'dist');

const NEVER_FALLBACK = /^\/(api|health|metrics)(\/|$)/;

export interface ServeWebOptions {
  // Source maps give our whole source away: served only outside production. The build makes none
  // (apps/web/vite.config.ts); this keeps one made with --sourcemap private in production too.
  sourceMaps: boolean;
}

// Serves the built SPA at /, with index.html for client routes. API paths keep their 404 problem+json.
export async function serveWeb(fastify: FastifyInstance, root = WEB_DIST, options: ServeWebOptions = { sourceMaps: false }): Promise<boolean> {
  const indexPath = join(root, 'index.html');
  if (!existsSync(indexPath)) return false;
  const indexHtml = readFileSync(indexPath);
  const assets = join(root, 'assets');
  await fastify.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: false,
    decorateReply: false,
    // Files are routed once, at start: an ignored file has no route and answers 404 like any unknown path.
    globIgnore: options.sourceMaps ? [] : ['**/*.map'],
    setHeaders: (res, path) => {
      // Hashed assets never change; everything else is revalidated.
      res.header('cache-control', path.startsWith(assets) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  fastify.get('/*', (request, reply) => {
    const path = request.url.split('?')[0];
    const accept = request.headers.accept ?? 'text/html';
    if (NEVER_FALLBACK.test(path) || /\.[a-z0-9]+$/i.test(path) || !/text\/html|\*\/\*/.test(accept)) {
      return reply.callNotFound();
    }
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(indexHtml);
  });
  return true;
}
