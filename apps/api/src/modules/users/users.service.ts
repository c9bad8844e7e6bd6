import { Injectable, NotFoundException } from '@nestjs/common';
import { Not, type EntityManager } from 'typeorm';
import type { UserPrincipal } from '../../common/auth/principal';
import type { AuthedContext } from '../../common/auth/request-context';
import { revokeUserSessions } from '../../common/auth/revoke-user-sessions';
import { normaliseEmail } from '../../common/email/normalise-email';
import { TenantDb } from '../../common/db/tenant-db.service';
import { ValidationException } from '../../common/problem/validation.exception';
import { AuditService } from '../audit/audit.service';
import { Tenant } from '../tenants/tenant.entity';
import { CannotModifySelfException } from './cannot-modify-self.exception';
import type { InvitationDto } from './dto/invitation.dto';
import type { InviteUserDto } from './dto/invite-user.dto';
import type { ListUsersQueryDto } from './dto/list-users-query.dto';
import type { PersonDto } from './dto/person.dto';
import type { UpdateUserDto } from './dto/update-user.dto';
import type { UserPageDto } from './dto/user-page.dto';
import type { UserDto } from './dto/user.dto';
import { EmailTakenException } from '../../common/auth/email-taken.exception';
import { assertMayGrantRole, assertMayManageHolderOf, grantorOf } from './grant-rules';
import { InvitationPendingException } from './invitation-pending.exception';
import { InvitationsService } from './invitations.service';
import { LastOwnerException } from './last-owner.exception';
import { Role } from './role.entity';
import { isUniqueViolation } from '../../common/db/unique-violation';
import { decodeUserCursor, encodeUserCursor } from './user-cursor';
import { toUserDto } from './user-dto.mapper';
import { User, type UserStatus } from './user.entity';
import { UserNotInvitedException } from './user-not-invited.exception';
import { UsersRepository } from './users.repository';

type StaffCtx = AuthedContext<UserPrincipal>;
type Change = { from: unknown; to: unknown };

const DEFAULT_PAGE_SIZE = 50;
// The people directory: every member of any sales team fits.
const DIRECTORY_LIMIT = 1000;

@Injectable()
export class UsersService {
  constructor(
    private readonly db: TenantDb,
    private readonly users: UsersRepository,
    private readonly invitations: InvitationsService,
    private readonly audit: AuditService,
  ) {}

  async list(ctx: StaffCtx, query: ListUsersQueryDto): Promise<UserPageDto> {
    const tenantId = ctx.principal.tenantId;
    const after = query.cursor === undefined ? undefined : decodeUserCursor(query.cursor);
    if (after === null) throw new ValidationException([{ field: 'cursor', message: 'is not a cursor returned by this list' }]);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    // One row more than asked tells whether another page exists.
    const rows = await this.db.run(tenantId, (m) => this.users.page(m, tenantId, { status: query.status, q: query.q, after, limit: limit + 1 }));
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      data: page.map(toUserDto),
      nextCursor: rows.length > limit && last ? encodeUserCursor({ createdAt: last.cursorAt, id: last.id }) : null,
    };
  }

  directory(ctx: StaffCtx): Promise<PersonDto[]> {
    const tenantId = ctx.principal.tenantId;
    return this.db.run(tenantId, (m) => this.users.directory(m, tenantId, DIRECTORY_LIMIT));
  }

  async get(ctx: StaffCtx, id: string): Promise<UserDto> {
    const tenantId = ctx.principal.tenantId;
    const row = await this.db.run(tenantId, (m) => this.users.findOne(m, tenantId, id));
    if (!row) throw new NotFoundException('No such user');
    return toUserDto(row);
  }

  async invite(ctx: StaffCtx, dto: InviteUserDto): Promise<InvitationDto> {
    const tenantId = ctx.principal.tenantId;
    const email = normaliseEmail(dto.email);
    const done = await this.db.run(tenantId, async (m) => {
      const role = await this.roleOfTenant(m, dto.roleId);
      assertMayGrantRole(await grantorOf(m, ctx.principal), role);
      let user: User;
      try {
        user = await m.save(m.create(User, { tenantId, email, name: dto.name ?? '', roleId: role.id, status: 'invited', passwordHash: null }));
      } catch (error) {
        // Unique per workspace (an address invited or in use here); other workspaces never show through.
        if (isUniqueViolation(error)) throw new EmailTakenException();
        throw error;
      }
      const token = await this.invitations.issue(m, user);
      await this.audit.record(m, ctx, { action: 'user.invite', resourceType: 'user', resourceId: user.id, metadata: { email, roleId: role.id, roleName: role.name } });
      return { token, ...(await this.invitationContext(m, tenantId, user.id)) };
    });
    return this.deliver(ctx, done);
  }

  async reissueInvitation(ctx: StaffCtx, id: string): Promise<InvitationDto> {
    const tenantId = ctx.principal.tenantId;
    const done = await this.db.run(tenantId, async (m) => {
      const user = await this.lockUser(m, id);
      if (user.status !== 'invited') throw new UserNotInvitedException();
      // The caller receives the link, so re-issuing is granting the role all over again.
      const role = await m.findOneByOrFail(Role, { id: user.roleId });
      assertMayGrantRole(await grantorOf(m, ctx.principal), role);
      const token = await this.invitations.issue(m, user);
      await this.audit.record(m, ctx, { action: 'user.invitation.reissue', resourceType: 'user', resourceId: user.id, metadata: { email: user.email } });
      return { token, ...(await this.invitationContext(m, tenantId, user.id)) };
    });
    return this.deliver(ctx, done);
  }

  async update(ctx: StaffCtx, id: string, dto: UpdateUserDto): Promise<UserDto> {
    const tenantId = ctx.principal.tenantId;
    return this.db.run(tenantId, async (m) => {
      const owners = await this.users.lockActiveOwners(m, tenantId);
      const user = await this.lockUser(m, id);
      const self = user.id === ctx.principal.userId;
      const grantor = await grantorOf(m, ctx.principal);
      const changes: Record<string, Change> = {};
      let losesOwner = false;

      // Nothing about a user who holds more than the caller may change (owners are changed only by owners).
      if (!self) assertMayManageHolderOf(grantor, await m.findOneByOrFail(Role, { id: user.roleId }), 'user');
      if (dto.roleId !== undefined && dto.roleId !== user.roleId) {
        if (self) throw new CannotModifySelfException('change the role of');
        const role = await this.roleOfTenant(m, dto.roleId);
        assertMayGrantRole(grantor, role);
        changes.roleId = { from: user.roleId, to: role.id };
        losesOwner ||= role.key !== 'owner';
      }
      if (dto.status !== undefined && dto.status !== user.status) {
        if (self) throw new CannotModifySelfException('disable');
        if (user.status === 'invited') throw new InvitationPendingException();
        changes.status = { from: user.status, to: dto.status };
        losesOwner ||= dto.status === 'disabled';
      }
      if (dto.name !== undefined && dto.name !== user.name) changes.name = { from: user.name, to: dto.name };
      if (dto.leadCapacity !== undefined && dto.leadCapacity !== user.leadCapacity) changes.leadCapacity = { from: user.leadCapacity, to: dto.leadCapacity };
      // Only an active owner counts; the locked list is current even under concurrent changes.
      if (losesOwner && owners.includes(user.id) && owners.length <= 1) throw new LastOwnerException();

      if (Object.keys(changes).length) {
        await m.update(User, { id: user.id }, {
          name: dto.name ?? user.name,
          roleId: dto.roleId ?? user.roleId,
          status: dto.status ?? user.status,
          leadCapacity: dto.leadCapacity === undefined ? user.leadCapacity : dto.leadCapacity,
        });
        const revokedSessions = changes.status?.to === 'disabled' ? await revokeUserSessions(m, user.id, 'user_disabled') : undefined;
        await this.audit.record(m, ctx, {
          action: 'user.update',
          resourceType: 'user',
          resourceId: user.id,
          changes,
          metadata: revokedSessions === undefined ? undefined : { revokedSessions },
        });
      }
      return toUserDto((await this.users.findOne(m, tenantId, user.id))!);
    });
  }

  async remove(ctx: StaffCtx, id: string): Promise<void> {
    const tenantId = ctx.principal.tenantId;
    await this.db.run(tenantId, async (m) => {
      const owners = await this.users.lockActiveOwners(m, tenantId);
      const user = await this.lockUser(m, id);
      if (user.id === ctx.principal.userId) throw new CannotModifySelfException('delete');
      assertMayManageHolderOf(await grantorOf(m, ctx.principal), await m.findOneByOrFail(Role, { id: user.roleId }), 'user');
      if (owners.includes(user.id) && owners.length <= 1) throw new LastOwnerException();
      // Sessions, refresh tokens, emailed tokens and recovery codes go with the user (ON DELETE CASCADE).
      await m.delete(User, { id: user.id });
      await this.audit.record(m, ctx, {
        action: 'user.delete',
        resourceType: 'user',
        resourceId: user.id,
        metadata: { email: user.email, roleId: user.roleId, status: user.status },
      });
    });
  }

  private async lockUser(m: EntityManager, id: string): Promise<User> {
    const user = await m.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!user) throw new NotFoundException('No such user');
    return user;
  }

  // Row-level security hides other workspaces' roles, so theirs look exactly like unknown ids.
  private async roleOfTenant(m: EntityManager, roleId: string): Promise<Role> {
    const role = await m.findOneBy(Role, { id: roleId });
    if (!role) throw new ValidationException([{ field: 'roleId', message: 'must be a role of this workspace' }]);
    return role;
  }

  private async invitationContext(m: EntityManager, tenantId: string, userId: string): Promise<{ user: UserDto; workspace: string; slug: string }> {
    const tenant = await m.findOneByOrFail(Tenant, { id: tenantId });
    const row = await this.users.findOne(m, tenantId, userId);
    return { user: toUserDto(row!), workspace: tenant.name, slug: tenant.slug };
  }

  // After the commit: an email must never announce a user that was rolled back.
  // The answer is the same whether or not the address has an account elsewhere; only the email differs.
  private async deliver(ctx: StaffCtx, done: { token: string; user: UserDto; workspace: string; slug: string }): Promise<InvitationDto> {
    const invitationUrl = this.invitations.url(done.token, done.slug);
    const email = done.user.email;
    const hasAccountElsewhere = await this.db.crossTenant((m) => m.exists(User, { where: { email, status: Not<UserStatus>('invited'), tenantId: Not(ctx.principal.tenantId) } }));
    const emailSent = await this.invitations.send({ to: email, url: invitationUrl, workspace: done.workspace, invitedBy: ctx.principal.email, hasAccountElsewhere });
    return { user: done.user, invitationUrl, emailSent };
  }
}
