import { randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { statementScope } from '../src/common/db/statement-scope';
import { TenantDb } from '../src/common/db/tenant-db.service';
import { Role } from '../src/modules/users/role.entity';
import { createTenantWithUser, type TestUser } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

// TenantDb opens its transactions itself (BEGIN and the tenant setting in one round trip), so these pin
// down that TypeORM still treats the work as one transaction.
describe('TenantDb transactions', () => {
  let t: TestApp;
  let db: TenantDb;
  let owner: TestUser;

  const setting = async (m: EntityManager, name: string): Promise<string | null> => {
    const [row] = await m.query(`SELECT current_setting($1, true) AS value`, [name]);
    return row.value === '' ? null : row.value;
  };
  const roleNamed = (name: string) => db.run(owner.tenantId, (m) => m.findOneBy(Role, { name }));
  const newRole = (m: EntityManager, name: string) => m.save(m.create(Role, { tenantId: owner.tenantId, name, key: null, permissions: [] }));

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(TenantDb);
    owner = await createTenantWithUser(t.app, 'owner');
  });

  afterAll(async () => {
    await t.close();
  });

  it('cancels the work of a request whose client left, but runs its detached work to the end', async () => {
    const left = new AbortController();
    left.abort();
    const slow = (m: EntityManager) => m.query(`SELECT 1 AS done FROM pg_sleep(1)`);
    await statementScope.run({ timeoutMs: 0, signal: left.signal }, async () => {
      await expect(db.run(owner.tenantId, slow)).rejects.toThrow(/canceling statement due to user request/);
      await expect(db.detached(() => db.run(owner.tenantId, slow))).resolves.toEqual([{ done: 1 }]);
    });
  });

  it('runs the work in one transaction with the tenant set, and commits it', async () => {
    const name = `role-${randomBytes(4).toString('hex')}`;
    const seen = await db.run(owner.tenantId, async (m) => {
      const [{ pid: first }] = await m.query(`SELECT txid_current() AS pid`);
      await newRole(m, name);
      const [{ pid: second }] = await m.query(`SELECT txid_current() AS pid`);
      return { tenant: await setting(m, 'hotleads.tenant_id'), sameTransaction: first === second };
    });
    expect(seen).toEqual({ tenant: owner.tenantId, sameTransaction: true });
    await expect(roleNamed(name)).resolves.toMatchObject({ name });
  });

  it('rolls back everything, saves included, when the work fails', async () => {
    const name = `role-${randomBytes(4).toString('hex')}`;
    await expect(
      db.run(owner.tenantId, async (m) => {
        await newRole(m, name);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(roleNamed(name)).resolves.toBeNull();
  });

  it('makes a nested transaction a savepoint', async () => {
    const [kept, undone] = [`role-${randomBytes(4).toString('hex')}`, `role-${randomBytes(4).toString('hex')}`];
    await db.run(owner.tenantId, async (m) => {
      await newRole(m, kept);
      await expect(
        m.transaction(async (inner) => {
          await newRole(inner, undone);
          throw new Error('inner');
        }),
      ).rejects.toThrow('inner');
    });
    await expect(roleNamed(kept)).resolves.toMatchObject({ name: kept });
    await expect(roleNamed(undone)).resolves.toBeNull();
  });

  it('hands the raw client of the same tenant transaction (withClient), read-only when asked', async () => {
    const seen = await db.withClient(owner.tenantId, async (client, m) => {
      const { rows } = await client.query<{ tx: string; tenant: string }>(`SELECT txid_current()::text AS tx, current_setting('hotleads.tenant_id', true) AS tenant`);
      const [{ tx }] = await m.query(`SELECT txid_current()::text AS tx`);
      return { ...rows[0], sameTransaction: rows[0].tx === tx };
    });
    expect(seen).toMatchObject({ tenant: owner.tenantId, sameTransaction: true });
    await expect(db.withClient(owner.tenantId, (client) => client.query(`CREATE TEMP TABLE withclient_ro (x int)`), { readOnly: true })).rejects.toThrow(/read-only/);
  });

  it('lets the app role refresh the planner statistics of leads after a large load (lead_analyze)', async () => {
    const lastAnalyze = () => db.run(owner.tenantId, async (m) => (await m.query(`SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'leads'`))[0]?.last_analyze as Date | null);
    const before = await lastAnalyze();
    await db.run(owner.tenantId, (m) => m.query(`SELECT lead_analyze(true)`));
    // The statistics views are refreshed shortly after the transaction; give them a moment.
    let after = await lastAnalyze();
    for (let i = 0; i < 20 && (after === null || (before !== null && after.getTime() === before.getTime())); i++) {
      await new Promise((r) => setTimeout(r, 250));
      after = await lastAnalyze();
    }
    expect(after).not.toBeNull();
    if (before !== null) expect(after!.getTime()).toBeGreaterThan(before.getTime());
  });

  it('refuses a tenant id that is not a UUID before touching the database', async () => {
    let ran = false;
    await expect(
      db.run(`${owner.tenantId}', true); SELECT ('x`, async () => {
        ran = true;
      }),
    ).rejects.toThrow(/UUID/);
    expect(ran).toBe(false);
  });

  it('keeps the settings to their transaction', async () => {
    await db.crossTenant(async (m) => expect(await setting(m, 'hotleads.cross_tenant')).toBe('on'));
    // Every pooled connection, one after another: none still carries a setting.
    const dataSource = t.app.get(DataSource);
    const after = await Promise.all(
      Array.from({ length: 12 }, () => dataSource.query(`SELECT current_setting('hotleads.tenant_id', true) AS t, current_setting('hotleads.cross_tenant', true) AS c`)),
    );
    for (const [row] of after) expect([row.t ?? '', row.c ?? '']).toEqual(['', '']);
  });

  it('lets the credential look-up functions read across tenants for their own statement only', async () => {
    await db.run(owner.tenantId, async (m) => {
      await m.query(`SELECT * FROM auth_api_key_by_prefix('hl_nothing')`);
      expect(await setting(m, 'hotleads.cross_tenant')).toBeNull();
      expect(await setting(m, 'hotleads.tenant_id')).toBe(owner.tenantId);
    });
  });

  // The webhook endpoint's one-round-trip opening: a credential look-up across tenants, then that row's
  // workspace only.
  describe('inTenantOf and readOnce', () => {
    const LOOKUP = `SELECT id, tenant_id AS "tenantId" FROM users WHERE id = $1`;
    const visibleUsers = async (m: EntityManager) =>
      ((await m.query(`SELECT DISTINCT tenant_id AS "tenantId" FROM users`)) as Array<{ tenantId: string }>).map((r) => r.tenantId);

    it('finds the row across tenants, then works in its tenant alone with cross_tenant off', async () => {
      const other = await createTenantWithUser(t.app, 'owner', 'Elsewhere');
      const seen = await db.inTenantOf<{ id: string; tenantId: string }, unknown>(LOOKUP, [other.id], async (row, m) => ({
        row,
        tenant: await setting(m, 'hotleads.tenant_id'),
        cross: await setting(m, 'hotleads.cross_tenant'),
        visible: await visibleUsers(m),
      }));
      expect(seen).toEqual({ row: { id: other.id, tenantId: other.tenantId }, tenant: other.tenantId, cross: 'off', visible: [other.tenantId] });
    });

    it('gives null and a transaction that sees no tenant for an unknown id', async () => {
      const seen = await db.inTenantOf(LOOKUP, ['00000000-0000-4000-8000-000000000000'], async (row, m) => ({
        row,
        tenant: await setting(m, 'hotleads.tenant_id'),
        cross: await setting(m, 'hotleads.cross_tenant'),
        visible: await visibleUsers(m),
      }));
      expect(seen).toEqual({ row: null, tenant: null, cross: 'off', visible: [] });
    });

    it('writes in the found tenant and rolls back when the work fails', async () => {
      const name = `role-${randomBytes(4).toString('hex')}`;
      await expect(
        db.inTenantOf(LOOKUP, [owner.id], async (_row, m) => {
          await newRole(m, name);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await roleNamed(name)).toBeNull();
      await db.inTenantOf(LOOKUP, [owner.id], (_row, m) => newRole(m, name));
      expect(await roleNamed(name)).toMatchObject({ tenantId: owner.tenantId });
    });

    it('takes only UUIDs into its statements', async () => {
      await expect(db.inTenantOf(LOOKUP, ["x' OR true --"], async () => 'ran')).rejects.toThrow(/UUIDs only/);
      await expect(db.readOnce(owner.tenantId, LOOKUP, ['not-a-uuid'])).rejects.toThrow(/UUIDs only/);
    });

    it('reads once in the tenant only', async () => {
      const other = await createTenantWithUser(t.app, 'owner', 'Elsewhere too');
      await expect(db.readOnce(owner.tenantId, LOOKUP, [owner.id])).resolves.toEqual([{ id: owner.id, tenantId: owner.tenantId }]);
      await expect(db.readOnce(owner.tenantId, LOOKUP, [other.id])).resolves.toEqual([]);
    });
  });
});
