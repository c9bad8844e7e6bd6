import { Injectable } from '@nestjs/common';
import { slugProblem } from '@hotleads/shared';
import { assertRecentAuthentication } from '../../common/auth/recent-authentication';
import type { AuthedContext } from '../../common/auth/request-context';
import type { UserPrincipal } from '../../common/auth/principal';
import { queryRows } from '../../common/db/sql';
import { TenantDb } from '../../common/db/tenant-db.service';
import { isUniqueViolation } from '../../common/db/unique-violation';
import { ValidationException } from '../../common/problem/validation.exception';
import { AuditService } from '../audit/audit.service';
import type { WorkspaceAddressDto } from './dto/workspace-address.dto';
import { OwnerOnlyException, SlugTakenException } from './slug-taken.exception';
import { WorkspaceHosts } from './workspace-hosts.service';

// The workspace's slug: where it lives when BASE_DOMAIN is set.
@Injectable()
export class WorkspaceAddress {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly hosts: WorkspaceHosts,
  ) {}

  toDto(slug: string): WorkspaceAddressDto {
    return { slug, url: this.hosts.enabled ? this.hosts.urlFor(slug) : null, baseDomain: this.hosts.baseDomain ?? null };
  }

  async slugOf(tenantId: string): Promise<string> {
    const [row] = await this.db.run(tenantId, (m) => queryRows<{ slug: string }>(m, `select slug from tenants where id = $1`, [tenantId]));
    return row.slug;
  }

  async get(tenantId: string): Promise<WorkspaceAddressDto> {
    return this.toDto(await this.slugOf(tenantId));
  }

  // Owners only, with a recent sign-in: every link, bookmark and session of the workspace moves with it.
  async update(ctx: AuthedContext<UserPrincipal>, requested: string): Promise<WorkspaceAddressDto> {
    const slug = requested.trim().toLowerCase();
    const problem = slugProblem(slug);
    if (problem) throw new ValidationException([{ field: 'slug', message: problem }]);
    const { tenantId } = ctx.principal;
    let previous: string;
    try {
      previous = await this.db.run(tenantId, async (m) => {
        const [role] = await queryRows<{ key: string | null }>(m, `select key from roles where id = $1`, [ctx.principal.roleId]);
        if (role?.key !== 'owner') throw new OwnerOnlyException();
        const [current] = await queryRows<{ slug: string }>(m, `select slug from tenants where id = $1 for update`, [tenantId]);
        if (current.slug === slug) return slug;
        await assertRecentAuthentication(m, ctx.principal);
        await m.query(`update tenants set slug = $2 where id = $1`, [tenantId, slug]);
        await this.audit.record(m, ctx, { action: 'workspace.address.update', resourceType: 'tenant', resourceId: tenantId, changes: { slug: { from: current.slug, to: slug } } });
        return current.slug;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new SlugTakenException();
      throw error;
    }
    this.hosts.forget(previous, slug);
    return this.toDto(slug);
  }
}
