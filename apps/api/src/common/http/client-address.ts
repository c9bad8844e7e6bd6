import { isIPv4 } from 'node:net';
import type { FastifyRequest } from 'fastify';

// The caller's address, the one home for it: Fastify's request.ip (the socket's peer, or the forwarded
// address only when TRUST_PROXY trusts the proxy), with an IPv6 zone dropped and an IPv4-mapped IPv6
// address (a dual-stack socket's view of an IPv4 client) written as IPv4. Rate limits and network
// allowlists both use it.
export function clientAddress(ip: string): string {
  const zone = ip.indexOf('%');
  const bare = (zone === -1 ? ip : ip.slice(0, zone)).toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  return mapped && isIPv4(mapped[1]) ? mapped[1] : bare;
}

export const clientAddressOf = (request: FastifyRequest): string => clientAddress(request.ip);
