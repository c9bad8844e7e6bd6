import { createApiClient, type ApiClient } from '@hotleads/api-client';
import type { Page } from 'playwright-core';
import { OWNER } from './api-server';

export interface Credentials {
  email: string;
  password: string;
}

// The typed client in Node, signed in as `credentials` (no MFA), for arranging data and checking results.
export async function apiAs(baseUrl: string, credentials: Credentials = OWNER): Promise<{ api: ApiClient; token: string }> {
  const anonymous = createApiClient({ baseUrl });
  const { data, error } = await anonymous.POST('/api/v1/auth/login', { body: { email: credentials.email, password: credentials.password } });
  if (!data?.accessToken) throw new Error(`Sign-in as ${credentials.email} failed: ${JSON.stringify(error ?? data)}`);
  return { api: createApiClient({ baseUrl, headers: { authorization: `Bearer ${data.accessToken}` } }), token: data.accessToken };
}

// A user with the built-in role `roleKey`, invited by the owner and signed up through the invitation.
export async function createUser(baseUrl: string, owner: ApiClient, roleKey: 'admin' | 'manager' | 'agent' | 'viewer', name = `${roleKey} user`): Promise<Credentials & { id: string }> {
  const roles = await owner.GET('/api/v1/roles');
  const role = roles.data?.find((r) => r.key === roleKey);
  if (!role) throw new Error(`No built-in role ${roleKey}`);
  const email = `${roleKey}-${Math.random().toString(36).slice(2, 10)}@e2e.hotleads.test`;
  const invited = await owner.POST('/api/v1/users', { body: { email, name, roleId: role.id } });
  if (!invited.data) throw new Error(`Invite failed: ${JSON.stringify(invited.error)}`);
  const token = new URL(invited.data.invitationUrl).searchParams.get('token') ?? '';
  const password = 'Quiet-meadow-lamp-58!';
  const accepted = await createApiClient({ baseUrl }).POST('/api/v1/auth/invitations/accept', { body: { token, name, password } });
  if (!accepted.data) throw new Error(`Accepting the invitation failed: ${JSON.stringify(accepted.error)}`);
  return { email, password, id: invited.data.user.id };
}

// Signs in through the sign-in page (password step only) and waits for the app shell.
export async function signInWithPage(page: Page, baseUrl: string, credentials: Credentials = OWNER, path = '/dashboard'): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await page.getByLabel('Email').fill(credentials.email);
  await page.getByLabel(/^Password/).fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
}
