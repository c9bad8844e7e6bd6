import { Injectable } from '@nestjs/common';
import type { BlockList } from 'node:net';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../../common/auth/principal';
import type { RequestContext } from '../../common/auth/request-context';
import { clientAddress } from '../../common/http/client-address';
import { queryRows } from '../../common/db/sql';
import { TenantDb } from '../../common/db/tenant-db.service';
import { AuditService } from '../audit/audit.service';
import { assertRecentAuthentication } from '../../common/auth/recent-authentication';
import type { AuthedContext } from '../../common/auth/request-context';
import type { UserPrincipal } from '../../common/auth/principal';
import type { FieldError } from '../../common/problem/problem.exception';
import { ValidationException } from '../../common/problem/validation.exception';
import { formatCidr, matches, parseCidr, rangeMatcher } from './cidr';
import type { NetworkAccessDto, UpdateNetworkAccessDto } from './dto/network-access.dto';
import { AllowlistExcludesYouException, IpNotAllowedException } from './ip-not-allowed.exception';

export type AllowlistKind = 'staff' | 'api_key';

interface Allowlists {
  staff: BlockList | null;
  apiKey: BlockList | null;
  until: number;
}

// How long a replica trusts what it read; a change saved on this replica applies at once.
const CACHE_MS = 30_000;

// Per-workspace network allowlists: one for staff sessions (sign-in, refresh, every request with a
// session), one for API keys. Checked on every authenticated request, so the parsed lists are kept in
// memory per workspace and a check is a map look-up and a range match.
@Injectable()
export class NetworkAccess {
  private readonly cache = new Map<string, Allowlists>();

  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
  ) {}

  private async lists(tenantId: string): Promise<Allowlists> {
    const cached = this.cache.get(tenantId);
    if (cached && cached.until > Date.now()) return cached;
    const [row] = await this.db.run(tenantId, (m) =>
      queryRows<{ staff: string[]; apiKey: string[] }>(m, `select staff_ip_ranges as staff, api_key_ip_ranges as "apiKey" from tenants where id = $1`, [tenantId]),
    );
    const lists = { staff: rangeMatcher(row?.staff ?? []), apiKey: rangeMatcher(row?.apiKey ?? []), until: Date.now() + CACHE_MS };
    this.cache.set(tenantId, lists);
    return lists;
  }

  forget(tenantId: string): void {
    this.cache.delete(tenantId);
  }

  async allows(tenantId: string, kind: AllowlistKind, ip: string): Promise<boolean> {
    const lists = await this.lists(tenantId);
    const list = kind === 'staff' ? lists.staff : lists.apiKey;
    return list === null || matches(list, clientAddress(ip));
  }

  // Throws 403 ip_not_allowed, after recording the refusal, when the address is outside the list.
  async assertAllowed(tenantId: string, kind: AllowlistKind, ctx: RequestContext, actor?: { id: string; label?: string }): Promise<void> {
    if (await this.allows(tenantId, kind, ctx.ip)) return;
    // Committed on its own: the request itself is answered with an error.
    await this.db.run(tenantId, (m) =>
      this.audit.record(m, ctx, {
        action: 'access.ip_denied',
        outcome: 'denied',
        tenantId,
        ...(actor ? { actor: { type: 'user' as const, id: actor.id, label: actor.label ?? null } } : {}),
        metadata: { list: kind, address: clientAddress(ctx.ip) },
      }),
    );
    throw new IpNotAllowedException();
  }

  // Inside a sign-in's own transaction (its audit entries commit with this one): false, with the refusal
  // recorded, when the address is outside the staff list. The caller answers IpNotAllowedException.
  async staffAllowedIn(m: EntityManager, tenantId: string, ctx: RequestContext, actor: { id: string; label: string }): Promise<boolean> {
    if (await this.allows(tenantId, 'staff', ctx.ip)) return true;
    await this.audit.record(m, ctx, {
      action: 'access.ip_denied',
      outcome: 'denied',
      tenantId,
      actor: { type: 'user', id: actor.id, label: actor.label },
      metadata: { list: 'staff', address: clientAddress(ctx.ip) },
    });
    return false;
  }

  // For a request that already has a principal: staff sessions against the staff list, keys against theirs.
  assertPrincipalAllowed(principal: Principal, ctx: RequestContext): Promise<void> {
    return this.assertAllowed(principal.tenantId, principal.kind === 'user' ? 'staff' : 'api_key', { ...ctx, principal });
  }

  async get(ctx: AuthedContext): Promise<NetworkAccessDto> {
    const { tenantId } = ctx.principal;
    const [row] = await this.db.run(tenantId, (m) =>
      queryRows<{ staff: string[]; apiKey: string[] }>(m, `select staff_ip_ranges as staff, api_key_ip_ranges as "apiKey" from tenants where id = $1`, [tenantId]),
    );
    return { staffRanges: row.staff, apiKeyRanges: row.apiKey, currentAddress: clientAddress(ctx.ip) };
  }

  // Replaces both lists. Each entry must be a range or an address; a staff list must include the address
  // of the person saving it, or they would be locked out the moment it applies.
  async update(ctx: AuthedContext<UserPrincipal>, dto: UpdateNetworkAccessDto): Promise<NetworkAccessDto> {
    const errors: FieldError[] = [];
    const normalise = (field: string, list: string[]): string[] => {
      const out: string[] = [];
      list.forEach((text, index) => {
        const cidr = parseCidr(text);
        if (!cidr) errors.push({ field: `${field}.${index}`, message: `"${text.slice(0, 64)}" is not an IPv4 or IPv6 address or CIDR range` });
        else if (!out.includes(formatCidr(cidr))) out.push(formatCidr(cidr));
      });
      return out;
    };
    const staff = normalise('staffRanges', dto.staffRanges);
    const apiKey = normalise('apiKeyRanges', dto.apiKeyRanges);
    if (errors.length > 0) throw new ValidationException(errors);
    const address = clientAddress(ctx.ip);
    const own = rangeMatcher(staff);
    if (own && !matches(own, address)) throw new AllowlistExcludesYouException(address);
    const { tenantId } = ctx.principal;
    await this.db.run(tenantId, async (m) => {
      const [current] = await queryRows<{ staff: string[]; apiKey: string[] }>(
        m,
        `select staff_ip_ranges as staff, api_key_ip_ranges as "apiKey" from tenants where id = $1 for update`,
        [tenantId],
      );
      const changes: Record<string, { from: string[]; to: string[] }> = {};
      if (current.staff.join() !== staff.join()) changes.staffRanges = { from: current.staff, to: staff };
      if (current.apiKey.join() !== apiKey.join()) changes.apiKeyRanges = { from: current.apiKey, to: apiKey };
      if (Object.keys(changes).length === 0) return;
      await assertRecentAuthentication(m, ctx.principal);
      await m.query(`update tenants set staff_ip_ranges = $2, api_key_ip_ranges = $3 where id = $1`, [tenantId, staff, apiKey]);
      await this.audit.record(m, ctx, { action: 'settings.network_access.update', resourceType: 'tenant', resourceId: tenantId, changes });
    });
    this.forget(tenantId);
    return { staffRanges: staff, apiKeyRanges: apiKey, currentAddress: address };
  }
}
