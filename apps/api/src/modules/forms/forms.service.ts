import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthedContext } from '../../common/auth/request-context';
import { TenantDb } from '../../common/db/tenant-db.service';
import { appConfig, type AppConfig } from '../../config/app.config';
import { publicBaseUrlFor } from '../../common/http/public-url';
import { ValidationException } from '../../common/problem/validation.exception';
import { AuditService } from '../audit/audit.service';
import type { CreateFormDto } from './dto/create-form.dto';
import type { FormDto } from './dto/form.dto';
import type { UpdateFormDto } from './dto/update-form.dto';
import { toFormDto } from './form-dto.mapper';
import { Form } from './form.entity';
import { FormsRepository } from './forms.repository';

const EDITABLE = ['type', 'name', 'allowedOrigins', 'redirectUrls', 'defaultPriority', 'defaultTags', 'acknowledgmentEmail', 'enabled', 'consentLabel', 'consentPolicyVersion'] as const;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

// A consent checkbox names the policy version it refers to: the lead keeps both.
function checkConsent(form: Form): void {
  if (form.consentLabel !== null && form.consentPolicyVersion === null) {
    throw new ValidationException([{ field: 'consentPolicyVersion', message: 'is required when the form asks for consent' }]);
  }
}

@Injectable()
export class FormsService {
  constructor(
    private readonly db: TenantDb,
    private readonly forms: FormsRepository,
    private readonly audit: AuditService,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
  ) {}

  async list(ctx: AuthedContext): Promise<FormDto[]> {
    const rows = await this.db.run(ctx.principal.tenantId, (m) => this.forms.list(m));
    return rows.map((row) => toFormDto(row, publicBaseUrlFor(this.app, ctx)));
  }

  get(ctx: AuthedContext, id: string): Promise<FormDto> {
    return this.db.run(ctx.principal.tenantId, (m) => this.dto(m, id, ctx));
  }

  create(ctx: AuthedContext, dto: CreateFormDto): Promise<FormDto> {
    const tenantId = ctx.principal.tenantId;
    return this.db.run(tenantId, async (m) => {
      const form = await m.save(
        m.create(Form, {
          tenantId,
          type: dto.type,
          name: dto.name,
          allowedOrigins: dto.allowedOrigins ?? [],
          redirectUrls: dto.redirectUrls ?? [],
          defaultPriority: dto.defaultPriority ?? 'medium',
          defaultTags: dto.defaultTags ?? [],
          acknowledgmentEmail: dto.acknowledgmentEmail ?? false,
          enabled: dto.enabled ?? true,
          consentLabel: dto.consentLabel ?? null,
          consentPolicyVersion: dto.consentPolicyVersion ?? null,
        }),
      );
      checkConsent(form);
      const changes = Object.fromEntries(EDITABLE.map((field) => [field, { from: null, to: form[field] }]));
      await this.audit.record(m, ctx, { action: 'form.create', resourceType: 'form', resourceId: form.id, changes });
      return this.dto(m, form.id, ctx);
    });
  }

  update(ctx: AuthedContext, id: string, dto: UpdateFormDto): Promise<FormDto> {
    return this.db.run(ctx.principal.tenantId, async (m) => {
      const form = await m.findOne(Form, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!form) throw new NotFoundException('No such form');
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const field of EDITABLE) {
        const next = dto[field];
        if (next === undefined || same(next, form[field])) continue;
        changes[field] = { from: form[field], to: next };
        Object.assign(form, { [field]: next });
      }
      if (Object.keys(changes).length > 0) {
        checkConsent(form);
        await m.save(form);
        await this.audit.record(m, ctx, { action: 'form.update', resourceType: 'form', resourceId: form.id, changes });
      }
      return this.dto(m, form.id, ctx);
    });
  }

  async remove(ctx: AuthedContext, id: string): Promise<void> {
    await this.db.run(ctx.principal.tenantId, async (m) => {
      const form = await m.findOne(Form, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!form) throw new NotFoundException('No such form');
      // Its leads stay (they keep the form id as history); its spam hits go with it.
      await m.delete(Form, { id: form.id });
      await this.audit.record(m, ctx, { action: 'form.delete', resourceType: 'form', resourceId: form.id, metadata: { name: form.name, type: form.type } });
    });
  }

  private async dto(m: EntityManager, id: string, ctx: AuthedContext): Promise<FormDto> {
    const row = await this.forms.findOne(m, id);
    if (!row) throw new NotFoundException('No such form');
    return toFormDto(row, publicBaseUrlFor(this.app, ctx));
  }
}
