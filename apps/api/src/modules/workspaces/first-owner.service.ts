import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { randomToken } from '../../common/crypto/tokens';
import { PasswordHasher } from '../../common/crypto/password-hasher.service';
import { TenantDb } from '../../common/db/tenant-db.service';
import { authConfig, type AuthConfig } from '../../config/auth.config';
import { normaliseEmail } from '../../common/email/normalise-email';
import { AuditService } from '../audit/audit.service';
import { User } from '../users/user.entity';
import { WorkspacesService } from './workspaces.service';

const LOCK = 4_815_162_343;

// First start: the default workspace and its owner, from ADMIN_EMAIL / ADMIN_PASSWORD. A generated
// password is printed once to stdout (not to the log stream) and never again.
@Injectable()
export class FirstOwnerService implements OnApplicationBootstrap {
  private readonly logger = new Logger('FirstOwner');

  constructor(
    private readonly db: TenantDb,
    private readonly workspaces: WorkspacesService,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    @Inject(authConfig.KEY) private readonly auth: AuthConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const generated = this.auth.ADMIN_PASSWORD ? undefined : randomToken(18);
    const password = this.auth.ADMIN_PASSWORD ?? generated!;
    const created = await this.db.crossTenant(async (m) => {
      await m.query('select pg_advisory_xact_lock($1)', [LOCK]);
      const [{ count }] = await m.query(`select count(*)::int as count from tenants`);
      if (count > 0) return null;
      const { tenant, roles } = await this.workspaces.create(m, this.auth.ADMIN_WORKSPACE);
      const email = normaliseEmail(this.auth.ADMIN_EMAIL);
      const owner = await m.save(
        m.create(User, { tenantId: tenant.id, email, name: 'Owner', roleId: roles.owner.id, status: 'active', passwordHash: await this.hasher.hash(password), passwordChangedAt: new Date() }),
      );
      await this.audit.record(m, { ip: '', userAgent: null, requestId: 'bootstrap' }, {
        tenantId: tenant.id,
        action: 'tenant.create',
        resourceType: 'tenant',
        resourceId: tenant.id,
        actor: { type: 'system', label: 'first start' },
        metadata: { ownerId: owner.id },
      });
      return { email, tenantName: tenant.name };
    });
    if (!created) return;
    this.logger.log(`created workspace "${created.tenantName}" with owner ${created.email}`);
    if (generated) {
      process.stdout.write(
        [
          '',
          '  ============================================================',
          '  Hot Leads: first start. Sign in with:',
          `    email:    ${created.email}`,
          `    password: ${generated}`,
          '  This password is shown once. Change it after signing in.',
          '  ============================================================',
          '',
        ].join('\n') + '\n',
      );
    }
  }
}
