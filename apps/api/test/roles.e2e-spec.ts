import { BUILT_IN_ROLE_PERMISSIONS, PERMISSIONS } from '@hotleads/shared';
import { addUser, createTenantWithUser, signIn, uniqueEmail, type SignedIn, type TestUser } from './support/factories';
import { auditRowsFor, createApiKey } from './support/identity';
import { createTestApp, type TestApp } from './support/test-app';

interface RoleBody {
  id: string;
  name: string;
  key: string | null;
  builtIn: boolean;
  description: string;
  permissions: string[];
  userCount: number;
}

describe('roles', () => {
  let t: TestApp;
  let owner: TestUser;
  let ownerSession: SignedIn;
  let counter = 0;

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_LOGIN: '10000', RATE_LIMIT_DEFAULT: '100000' } });
    owner = await createTenantWithUser(t.app, 'owner');
    ownerSession = await signIn(t.http, owner.email, owner.password);
  });

  afterAll(async () => {
    await t.close();
  });

  const uniqueName = (label: string) => `${label} ${++counter}-${Date.now()}`;
  const createRole = (session: SignedIn, body: Record<string, unknown>) => t.http.post('/api/v1/roles').set(session.auth).send(body);
  const listRoles = async (session: SignedIn): Promise<RoleBody[]> => (await t.http.get('/api/v1/roles').set(session.auth).expect(200)).body;

  it('lists the built-in roles first, with the permissions they really grant and their user counts', async () => {
    const boss = await createTenantWithUser(t.app, 'owner', 'Count Co');
    await addUser(t.app, boss.tenantId, boss.roleIds.agent);
    await addUser(t.app, boss.tenantId, boss.roleIds.agent);
    const session = await signIn(t.http, boss.email, boss.password);
    const roles = await listRoles(session);
    expect(roles.map((r) => r.key)).toEqual(['owner', 'admin', 'manager', 'agent', 'viewer']);
    for (const role of roles) {
      expect(role).toEqual({
        id: boss.roleIds[role.key as keyof typeof boss.roleIds],
        name: expect.any(String),
        key: role.key,
        builtIn: true,
        description: expect.any(String),
        permissions: [...BUILT_IN_ROLE_PERMISSIONS[role.key as keyof typeof BUILT_IN_ROLE_PERMISSIONS]],
        userCount: role.key === 'owner' ? 1 : role.key === 'agent' ? 2 : 0,
      });
    }
    expect(roles[0].permissions).toEqual([...PERMISSIONS]);
  });

  it('creates a custom role, listed after the built-ins, and audits it', async () => {
    const name = uniqueName('Closers');
    const res = await createRole(ownerSession, { name: `  ${name} `, description: 'Close deals', permissions: ['leads:write', 'leads:read', 'leads:read'] }).expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name,
      key: null,
      builtIn: false,
      description: 'Close deals',
      permissions: ['leads:read', 'leads:write'],
      userCount: 0,
    });
    const roles = await listRoles(ownerSession);
    expect(roles.findIndex((r) => r.id === res.body.id)).toBeGreaterThanOrEqual(5);
    expect(roles.find((r) => r.id === res.body.id)).toEqual(res.body);
    const audit = await auditRowsFor(t.app, owner.tenantId, res.body.id);
    expect(audit).toEqual([
      expect.objectContaining({ action: 'role.create', actor_id: owner.id, resource_type: 'role', metadata: { name, permissions: ['leads:read', 'leads:write'] } }),
    ]);
  });

  it('validates names and permissions', async () => {
    const bad = await createRole(ownerSession, { name: uniqueName('Bad'), permissions: ['leads:read', 'leads:fly'] }).expect(400);
    expect(bad.body.code).toBe('validation_failed');
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'permissions' })]);
    for (const body of [
      { name: '   ', permissions: [] },
      { name: uniqueName('No perms') },
      { name: uniqueName('Not array'), permissions: 'leads:read' },
      { name: uniqueName('Extra'), permissions: [], key: 'owner' },
    ]) {
      expect((await createRole(ownerSession, body).expect(400)).body.code).toBe('validation_failed');
    }
  });

  it('keeps role names unique in the workspace, ignoring case, but not across workspaces', async () => {
    const name = uniqueName('Setters');
    await createRole(ownerSession, { name, permissions: [] }).expect(201);
    for (const taken of [name, name.toUpperCase(), 'admin', 'Owner']) {
      const res = await createRole(ownerSession, { name: taken, permissions: [] }).expect(409);
      expect(res.body.code).toBe('role_name_taken');
    }
    const other = await createTenantWithUser(t.app, 'owner', 'Other Co');
    const otherSession = await signIn(t.http, other.email, other.password);
    await createRole(otherSession, { name, permissions: [] }).expect(201);
  });

  it('updates a custom role with an audited list of changes', async () => {
    const created = await createRole(ownerSession, { name: uniqueName('Draft'), permissions: ['leads:read'] }).expect(201);
    const name = uniqueName('Final');
    const res = await t.http
      .patch(`/api/v1/roles/${created.body.id}`)
      .set(ownerSession.auth)
      .send({ name, description: 'Now final', permissions: ['leads:export', 'leads:read'] })
      .expect(200);
    expect(res.body).toMatchObject({ id: created.body.id, name, description: 'Now final', permissions: ['leads:read', 'leads:export'], builtIn: false });
    // Nothing new: no audit entry.
    await t.http.patch(`/api/v1/roles/${created.body.id}`).set(ownerSession.auth).send({ name, permissions: ['leads:read', 'leads:export'] }).expect(200);
    const other = await createRole(ownerSession, { name: uniqueName('Other'), permissions: [] }).expect(201);
    expect((await t.http.patch(`/api/v1/roles/${other.body.id}`).set(ownerSession.auth).send({ name: name.toLowerCase() }).expect(409)).body.code).toBe(
      'role_name_taken',
    );

    const updates = (await auditRowsFor(t.app, owner.tenantId, created.body.id)).filter((r) => r.action === 'role.update');
    expect(updates).toHaveLength(1);
    expect(updates[0].changes).toEqual({
      name: { from: created.body.name, to: name },
      description: { from: '', to: 'Now final' },
      permissions: { from: ['leads:read'], to: ['leads:read', 'leads:export'] },
    });
  });

  it('applies a permission change to signed-in users on their next request', async () => {
    const role = await createRole(ownerSession, { name: uniqueName('Team leads'), permissions: ['leads:read'] }).expect(201);
    const member = await addUser(t.app, owner.tenantId, role.body.id, 'lead');
    const session = await signIn(t.http, member.email, member.password);
    await t.http.get('/api/v1/users').set(session.auth).expect(403);

    await t.http.patch(`/api/v1/roles/${role.body.id}`).set(ownerSession.auth).send({ permissions: ['leads:read', 'users:manage'] }).expect(200);
    await t.http.get('/api/v1/users').set(session.auth).expect(200);
    const me = await t.http.get('/api/v1/auth/me').set(session.auth).expect(200);
    expect(me.body.user.permissions).toEqual(['leads:read', 'users:manage']);

    await t.http.patch(`/api/v1/roles/${role.body.id}`).set(ownerSession.auth).send({ permissions: ['leads:read'] }).expect(200);
    await t.http.get('/api/v1/users').set(session.auth).expect(403);
  });

  it('refuses a non-owner a role with permissions they do not hold', async () => {
    const role = await createRole(ownerSession, { name: uniqueName('People ops'), permissions: ['users:manage', 'leads:read'] }).expect(201);
    const member = await addUser(t.app, owner.tenantId, role.body.id, 'people');
    const session = await signIn(t.http, member.email, member.password);

    const refused = await createRole(session, { name: uniqueName('Exporters'), permissions: ['leads:read', 'leads:export'] }).expect(403);
    expect(refused.body).toMatchObject({ code: 'grant_not_allowed', missing: ['leads:export'] });
    const allowed = await createRole(session, { name: uniqueName('Readers'), permissions: ['leads:read'] }).expect(201);
    await t.http.patch(`/api/v1/roles/${allowed.body.id}`).set(session.auth).send({ permissions: ['leads:read', 'settings:manage'] }).expect(403);
    // Nor hand out a role that holds more than they do, by invitation or by role change.
    await t.http.post('/api/v1/users').set(session.auth).send({ email: uniqueEmail(), roleId: owner.roleIds.admin }).expect(403);
    await t.http.post('/api/v1/users').set(session.auth).send({ email: uniqueEmail(), roleId: owner.roleIds.viewer }).expect(201);
    const viewer = await addUser(t.app, owner.tenantId, owner.roleIds.viewer);
    await t.http.patch(`/api/v1/users/${viewer.id}`).set(session.auth).send({ roleId: owner.roleIds.manager }).expect(403);

    // An admin holds every permission and may grant any of them; an owner may too.
    const admin = await addUser(t.app, owner.tenantId, owner.roleIds.admin, 'admin');
    const adminSession = await signIn(t.http, admin.email, admin.password);
    await createRole(adminSession, { name: uniqueName('Everything'), permissions: [...PERMISSIONS] }).expect(201);
    expect((await t.http.get(`/api/v1/roles`).set(ownerSession.auth).expect(200)).body.find((r: RoleBody) => r.id === allowed.body.id).permissions).toEqual([
      'leads:read',
    ]);
  });

  it('refuses a non-owner changing or deleting a custom role that holds more than they do', async () => {
    const bigger = await createRole(ownerSession, { name: uniqueName('Auditors'), permissions: ['leads:read', 'audit:read'] }).expect(201);
    const people = await createRole(ownerSession, { name: uniqueName('People'), permissions: ['users:manage', 'leads:read'] }).expect(201);
    const member = await addUser(t.app, owner.tenantId, people.body.id, 'people');
    const session = await signIn(t.http, member.email, member.password);

    for (const res of [
      // Even taking permissions away would reshape access the caller does not have.
      await t.http.patch(`/api/v1/roles/${bigger.body.id}`).set(session.auth).send({ permissions: ['leads:read'] }),
      await t.http.patch(`/api/v1/roles/${bigger.body.id}`).set(session.auth).send({ name: uniqueName('Renamed') }),
      await t.http.delete(`/api/v1/roles/${bigger.body.id}`).set(session.auth),
    ]) {
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('manage_not_allowed');
    }
    expect((await listRoles(ownerSession)).find((r) => r.id === bigger.body.id)?.permissions).toEqual(['leads:read', 'audit:read']);
    // The owner may.
    await t.http.delete(`/api/v1/roles/${bigger.body.id}`).set(ownerSession.auth).expect(204);
  });

  it('never changes or deletes a built-in role', async () => {
    for (const key of ['owner', 'admin', 'viewer'] as const) {
      const id = owner.roleIds[key];
      const patch = await t.http.patch(`/api/v1/roles/${id}`).set(ownerSession.auth).send({ permissions: ['leads:read'] }).expect(409);
      expect(patch.body.code).toBe('built_in_role');
      expect((await t.http.delete(`/api/v1/roles/${id}`).set(ownerSession.auth).expect(409)).body.code).toBe('built_in_role');
    }
    const roles = await listRoles(ownerSession);
    expect(roles.find((r) => r.key === 'viewer')?.permissions).toEqual(['leads:read']);
  });

  it('refuses to delete a role someone still has, then deletes it once nobody does', async () => {
    const role = await createRole(ownerSession, { name: uniqueName('Temps'), permissions: ['leads:read'] }).expect(201);
    const member = await addUser(t.app, owner.tenantId, role.body.id, 'temp');
    const refused = await t.http.delete(`/api/v1/roles/${role.body.id}`).set(ownerSession.auth).expect(409);
    expect(refused.body).toMatchObject({ code: 'role_in_use', userCount: 1 });

    await t.http.patch(`/api/v1/users/${member.id}`).set(ownerSession.auth).send({ roleId: owner.roleIds.viewer }).expect(200);
    await t.http.delete(`/api/v1/roles/${role.body.id}`).set(ownerSession.auth).expect(204);
    expect((await listRoles(ownerSession)).some((r) => r.id === role.body.id)).toBe(false);
    await t.http.delete(`/api/v1/roles/${role.body.id}`).set(ownerSession.auth).expect(404);
    await t.http.patch(`/api/v1/roles/${role.body.id}`).set(ownerSession.auth).send({ name: 'Back' }).expect(404);

    const audit = await auditRowsFor(t.app, owner.tenantId, role.body.id);
    expect(audit.map((r) => r.action)).toEqual(['role.create', 'role.delete']);
  });

  it('refuses users without users:manage and API keys, even with that scope', async () => {
    for (const role of ['manager', 'agent', 'viewer'] as const) {
      const member = await addUser(t.app, owner.tenantId, owner.roleIds[role], role);
      const session = await signIn(t.http, member.email, member.password);
      await t.http.get('/api/v1/roles').set(session.auth).expect(403);
      await createRole(session, { name: uniqueName('Nope'), permissions: [] }).expect(403);
    }
    const key = await createApiKey(t.app, owner.tenantId, ['users:manage']);
    await t.http.get('/api/v1/roles').set('X-API-Key', key).expect(403);
    await t.http.post('/api/v1/roles').set('X-API-Key', key).send({ name: uniqueName('Key'), permissions: [] }).expect(403);
  });

  it("answers 404 for another workspace's role, built-in or custom, on every :id route", async () => {
    const other = await createTenantWithUser(t.app, 'owner', 'Other Co');
    const otherSession = await signIn(t.http, other.email, other.password);
    const custom = await createRole(otherSession, { name: uniqueName('Theirs'), permissions: ['leads:read'] }).expect(201);
    for (const id of [custom.body.id, other.roleIds.admin, '00000000-0000-4000-8000-000000000000']) {
      await t.http.patch(`/api/v1/roles/${id}`).set(ownerSession.auth).send({ name: 'Mine now' }).expect(404);
      await t.http.delete(`/api/v1/roles/${id}`).set(ownerSession.auth).expect(404);
    }
    expect((await listRoles(ownerSession)).some((r) => r.id === custom.body.id)).toBe(false);
    expect((await listRoles(otherSession)).find((r) => r.id === custom.body.id)).toMatchObject({ name: custom.body.name, permissions: ['leads:read'] });
  });
});
