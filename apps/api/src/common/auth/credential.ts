import type { FastifyRequest } from 'fastify';

export const API_KEY_PREFIX = 'hl_';
// `hl_` + 12 characters: stored in clear, unique, used to find the key's row.
export const API_KEY_LOOKUP_LENGTH = API_KEY_PREFIX.length + 12;

export type Credential = { kind: 'bearer' | 'api_key'; value: string };

// X-API-Key, or Authorization: Bearer with either an access token or an API key (recognised by prefix).
export function credentialOf(request: FastifyRequest): Credential | null {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header) return { kind: 'api_key', value: header.trim() };
  const auth = request.headers.authorization;
  const match = typeof auth === 'string' ? /^Bearer\s+(\S+)$/i.exec(auth.trim()) : null;
  if (!match) return null;
  return { kind: match[1].startsWith(API_KEY_PREFIX) ? 'api_key' : 'bearer', value: match[1] };
}
