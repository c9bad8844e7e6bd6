import { Injectable, NotFoundException } from '@nestjs/common';
import { PERMISSIONS, type Permission } from '@hotleads/shared';
import type { EntityManager } from 'typeorm';
import type { UserPrincipal } from '../../common/auth/principal';
import type { AuthedContext } from '../../common/auth/request-context';
import { TenantDb } from '../../common/db/tenant-db.service';
import { AuditService } from '../audit/audit.service';
import { BuiltInRoleException } from './built-in-role.exception';
import type { CreateRoleDto } from './dto/create-role.dto';
import type { RoleDto } from './dto/role.dto';
import type { UpdateRoleDto } from './dto/update-role.dto';
import { assertMayGrantPermissions, assertMayManageHolderOf, grantorOf } from './grant-rules';
import { toRoleDto } from './role-dto.mapper';
import { Role } from './role.entity';
import { RoleInUseException } from './role-in-use.exception';
import { RoleNameTakenException } from './role-name-taken.exception';
import { RolesRepository, type RoleRow } from './roles.repository';
import { isUniqueViolation } from '../../common/db/unique-violation';

type StaffCtx = AuthedContext<UserPrincipal>;

// Stored in PERMISSIONS order without duplicates, so equal sets compare equal in the audit log.
const normalisePermissions = (permissions: readonly Permission[]): Permission[] => PERMISSIONS.filter((p) => permissions.includes(p));

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((p) => b.includes(p));

@Injectable()
export class RolesService {
  constructor(
    private readonly db: TenantDb,
    private readonly roles: RolesRepository,
    private readonly audit: AuditService,
  ) {}

  async list(ctx: StaffCtx): Promise<RoleDto[]> {
    const tenantId = ctx.principal.tenantId;
    const rows = await this.db.run(tenantId, (m) => this.roles.list(m, tenantId));
    return rows.map(toRoleDto);
  }

  async create(ctx: StaffCtx, dto: CreateRoleDto): Promise<RoleDto> {
    const tenantId = ctx.principal.tenantId;
    const permissions = normalisePermissions(dto.permissions);
    return this.db.run(tenantId, async (m) => {
      assertMayGrantPermissions(await grantorOf(m, ctx.principal), permissions);
      if (await this.roles.nameTaken(m, tenantId, dto.name)) throw new RoleNameTakenException(dto.name);
      const role = await this.saveRole(m, m.create(Role, { tenantId, name: dto.name, key: null, description: dto.description ?? '', permissions }));
      await this.audit.record(m, ctx, { action: 'role.create', resourceType: 'role', resourceId: role.id, metadata: { name: role.name, permissions } });
      return toRoleDto((await this.roles.findOne(m, tenantId, role.id))!);
    });
  }

  async update(ctx: StaffCtx, id: string, dto: UpdateRoleDto): Promise<RoleDto> {
    const tenantId = ctx.principal.tenantId;
    return this.db.run(tenantId, async (m) => {
      const role = await this.lockCustomRole(m, id);
      const grantor = await grantorOf(m, ctx.principal);
      // A role holding more than the caller is not theirs to reshape, even to take permissions away.
      assertMayManageHolderOf(grantor, role, 'role');
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      if (dto.name !== undefined && dto.name !== role.name) {
        if (await this.roles.nameTaken(m, tenantId, dto.name, role.id)) throw new RoleNameTakenException(dto.name);
        changes.name = { from: role.name, to: dto.name };
        role.name = dto.name;
      }
      if (dto.description !== undefined && dto.description !== role.description) {
        changes.description = { from: role.description, to: dto.description };
        role.description = dto.description;
      }
      if (dto.permissions !== undefined) {
        const next = normalisePermissions(dto.permissions);
        // Removing is always allowed; adding is limited to what the caller holds (owners excepted).
        assertMayGrantPermissions(
          grantor,
          next.filter((p) => !role.permissions.includes(p)),
        );
        if (!sameSet(next, role.permissions)) {
          changes.permissions = { from: role.permissions, to: next };
          role.permissions = next;
        }
      }
      if (Object.keys(changes).length) {
        await this.saveRole(m, role);
        await this.audit.record(m, ctx, { action: 'role.update', resourceType: 'role', resourceId: role.id, changes });
      }
      return toRoleDto((await this.roles.findOne(m, tenantId, role.id))!);
    });
  }

  async remove(ctx: StaffCtx, id: string): Promise<void> {
    const tenantId = ctx.principal.tenantId;
    await this.db.run(tenantId, async (m) => {
      const role = await this.lockCustomRole(m, id);
      assertMayManageHolderOf(await grantorOf(m, ctx.principal), role, 'role');
      const row: RoleRow = (await this.roles.findOne(m, tenantId, role.id))!;
      // The row lock makes a concurrent assignment wait (its foreign-key check needs a share lock), so the count holds.
      if (row.userCount > 0) throw new RoleInUseException(row.userCount);
      await m.delete(Role, { id: role.id });
      await this.audit.record(m, ctx, { action: 'role.delete', resourceType: 'role', resourceId: role.id, metadata: { name: role.name, permissions: role.permissions } });
    });
  }

  private async lockCustomRole(m: EntityManager, id: string): Promise<Role> {
    const role = await m.findOne(Role, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!role) throw new NotFoundException('No such role');
    if (role.key !== null) throw new BuiltInRoleException();
    return role;
  }

  // A concurrent create or rename can still win the race past nameTaken(); the unique index decides.
  private async saveRole(m: EntityManager, role: Role): Promise<Role> {
    try {
      return await m.save(role);
    } catch (error) {
      if (isUniqueViolation(error)) throw new RoleNameTakenException(role.name);
      throw error;
    }
  }
}
