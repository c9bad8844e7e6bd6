import { randomBytes } from 'node:crypto';
import type { BuiltInRole } from '@hotleads/shared';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type TestAgent from 'supertest/lib/agent';
import { PasswordHasher } from '../../src/common/crypto/password-hasher.service';
import { TenantDb } from '../../src/common/db/tenant-db.service';
import { WorkspacesService } from '../../src/modules/workspaces/workspaces.service';
import { User } from '../../src/modules/users/user.entity';
import { rememberSecret } from './log-capture';

export interface TestUser {
  id: string;
  tenantId: string;
  email: string;
  password: string;
  roleIds: Record<BuiltInRole, string>;
}

export const uniqueEmail = (label = 'user') => `${label}-${randomBytes(4).toString('hex')}@example.com`;
export const strongPassword = () => {
  const password = `pw ${randomBytes(12).toString('base64url')} long enough`;
  rememberSecret(password);
  return password;
};

// A new workspace with one user of the given role, built through the app's own services.
export async function createTenantWithUser(app: NestFastifyApplication, role: BuiltInRole = 'owner', name = 'Acme'): Promise<TestUser> {
  const db = app.get(TenantDb);
  const hasher = app.get(PasswordHasher);
  const email = uniqueEmail(role);
  const password = strongPassword();
  const passwordHash = await hasher.hash(password);
  return db.crossTenant(async (m) => {
    const { tenant, roles } = await app.get(WorkspacesService).create(m, name);
    const user = await m.save(m.create(User, { tenantId: tenant.id, email, name: role, roleId: roles[role].id, status: 'active', passwordHash }));
    const roleIds = Object.fromEntries(Object.entries(roles).map(([k, r]) => [k, r.id])) as Record<BuiltInRole, string>;
    return { id: user.id, tenantId: tenant.id, email, password, roleIds };
  });
}

// Another user in an existing workspace.
export async function addUser(app: NestFastifyApplication, tenantId: string, roleId: string, label = 'member'): Promise<TestUser & { roleId: string }> {
  const email = uniqueEmail(label);
  const password = strongPassword();
  const passwordHash = await app.get(PasswordHasher).hash(password);
  const user = await app.get(TenantDb).run(tenantId, (m) => m.save(m.create(User, { tenantId, email, name: label, roleId, status: 'active', passwordHash })));
  return { id: user.id, tenantId, email, password, roleId, roleIds: {} as Record<BuiltInRole, string> };
}

// What a browser adds to a request from the app's own page; the cookie endpoints (refresh, logout) want it.
export const SAME_ORIGIN = { 'Sec-Fetch-Site': 'same-origin' } as const;

export interface SignedIn {
  accessToken: string;
  refreshCookie: string;
  auth: { Authorization: string };
}

export function refreshCookieFrom(setCookie: string[] | string | undefined): string {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const cookie = list.find((c) => c.startsWith('hl_refresh='));
  if (!cookie) throw new Error('no refresh cookie in the response');
  return cookie.split(';')[0];
}

export async function signIn(http: TestAgent, email: string, password: string): Promise<SignedIn> {
  const res = await http.post('/api/v1/auth/login').send({ email, password }).expect(200);
  if (!res.body.accessToken) throw new Error(`sign-in did not return a session: ${JSON.stringify(res.body)}`);
  const refreshCookie = refreshCookieFrom(res.headers['set-cookie']);
  rememberSecret(password, res.body.accessToken, refreshCookie.split('=')[1]);
  return { accessToken: res.body.accessToken, refreshCookie, auth: { Authorization: `Bearer ${res.body.accessToken}` } };
}
