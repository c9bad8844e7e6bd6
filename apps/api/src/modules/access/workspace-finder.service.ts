import { Inject, Injectable } from '@nestjs/common';
import type { RequestContext } from '../../common/auth/request-context';
import { normaliseEmail } from '../../common/email/normalise-email';
import { TenantDb } from '../../common/db/tenant-db.service';
import { workspaceBaseUrl } from '../../common/http/public-url';
import { appConfig, type AppConfig } from '../../config/app.config';
import { AuditService } from '../audit/audit.service';
import { MailerService } from '../mail/mailer.service';

// "Find your workspace" on the apex host: the address's workspace link goes by email, never on screen,
// so the answer is the same whether or not the address has an account.
@Injectable()
export class WorkspaceFinder {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly mailer: MailerService,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
  ) {}

  async find(email: string, ctx: RequestContext): Promise<void> {
    const address = normaliseEmail(email);
    // Invitations are not accounts (decision 0007): only an address that can sign in hears back.
    const found = await this.db.crossTenant(async (m) => {
      const rows: Array<{ tenant_id: string; name: string; slug: string }> = await m.query(
        `select u.tenant_id, t.name, t.slug from users u join tenants t on t.id = u.tenant_id
          where u.email = $1 and u.status = 'active' limit 1`,
        [address],
      );
      await this.audit.record(m, ctx, {
        tenantId: rows[0]?.tenant_id ?? null,
        action: 'workspace.find',
        actor: { type: 'anonymous', label: address.slice(0, 320) },
        metadata: { found: rows.length > 0 },
      });
      return rows[0];
    });
    if (!found) return;
    const url = workspaceBaseUrl(this.app, found.slug);
    // Handed to the mailer without waiting, so the answer takes as long either way.
    void this.mailer.send({
      to: address,
      subject: `Your Hot Leads workspace: ${found.name}`,
      text: [
        'Someone, perhaps you, asked which Hot Leads workspace this address belongs to.',
        '',
        `${found.name}: ${url}/sign-in`,
        '',
        'If this was not you, you can ignore this email.',
      ].join('\n'),
    });
  }
}
