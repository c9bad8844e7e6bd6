import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { UserPrincipal } from '../../common/auth/principal';
import type { AuthedContext } from '../../common/auth/request-context';
import { TenantDb } from '../../common/db/tenant-db.service';
import { isUniqueViolation } from '../../common/db/unique-violation';
import type { CreateSavedViewDto } from './dto/create-saved-view.dto';
import type { SavedViewDto } from './dto/saved-view.dto';
import type { UpdateSavedViewDto } from './dto/update-saved-view.dto';
import { toSavedViewDto } from './saved-view-dto.mapper';
import { SavedView } from './saved-view.entity';
import { SavedViewExistsException } from './saved-view-exists.exception';
import { SavedViewLimitException } from './saved-view-limit.exception';
import { SavedViewNotFoundException } from './saved-view-not-found.exception';

export const MAX_SAVED_VIEWS_PER_USER = 50;

type StaffCtx = AuthedContext<UserPrincipal>;

// A user's own saved views of the leads page. Every query is scoped to the caller (and, by row-level
// security, to the workspace), so another user's view is simply not found. Not audited: a saved view is
// a personal preference that grants and changes nothing.
@Injectable()
export class SavedViewsService {
  constructor(private readonly db: TenantDb) {}

  async list(ctx: StaffCtx): Promise<SavedViewDto[]> {
    const { tenantId, userId } = ctx.principal;
    const views = await this.db.run(tenantId, (m) => m.find(SavedView, { where: { userId }, order: { name: 'ASC', id: 'ASC' } }));
    return views.map(toSavedViewDto);
  }

  async create(ctx: StaffCtx, dto: CreateSavedViewDto): Promise<SavedViewDto> {
    const { tenantId, userId } = ctx.principal;
    return this.db.run(tenantId, async (m) => {
      // Two creates at once must not both pass the count.
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('saved_views:' || $1, 0))`, [userId]);
      if ((await m.count(SavedView, { where: { userId } })) >= MAX_SAVED_VIEWS_PER_USER) throw new SavedViewLimitException(MAX_SAVED_VIEWS_PER_USER);
      const view = await this.saving(dto.name, () => m.save(m.create(SavedView, { tenantId, userId, name: dto.name, query: dto.query })));
      return toSavedViewDto(view);
    });
  }

  async update(ctx: StaffCtx, id: string, dto: UpdateSavedViewDto): Promise<SavedViewDto> {
    const { tenantId, userId } = ctx.principal;
    return this.db.run(tenantId, async (m) => {
      const view = await this.own(m, userId, id);
      const changes: Partial<Pick<SavedView, 'name' | 'query'>> = {};
      if (dto.name !== undefined && dto.name !== view.name) changes.name = dto.name;
      if (dto.query !== undefined && dto.query !== view.query) changes.query = dto.query;
      if (Object.keys(changes).length === 0) return toSavedViewDto(view);
      await this.saving(dto.name ?? view.name, () => m.update(SavedView, { id, userId }, changes));
      return toSavedViewDto(await this.own(m, userId, id));
    });
  }

  async remove(ctx: StaffCtx, id: string): Promise<void> {
    const { tenantId, userId } = ctx.principal;
    await this.db.run(tenantId, async (m) => {
      const { affected } = await m.delete(SavedView, { id, userId });
      if (!affected) throw new SavedViewNotFoundException();
    });
  }

  private async own(m: EntityManager, userId: string, id: string): Promise<SavedView> {
    const view = await m.findOne(SavedView, { where: { id, userId } });
    if (!view) throw new SavedViewNotFoundException();
    return view;
  }

  // The unique index on (tenant, user, name) decides between concurrent writers.
  private async saving<T>(name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error)) throw new SavedViewExistsException(name);
      throw error;
    }
  }
}
