import type { Schemas } from '@hotleads/api-client';
import { screen, within } from '@testing-library/react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { jsonResponse, problemResponse, requestedUrl } from '@/testing/http';
import { renderApp } from '@/testing/render-app';
import { testUser } from '@/testing/session';

const ME = testUser();

const role = (key: Schemas['RoleDto']['key'], name: string, id: string, userCount: number, permissions: Schemas['RoleDto']['permissions'] = []) =>
  ({ id, name, key, builtIn: key !== null, description: '', permissions, userCount }) satisfies Schemas['RoleDto'];

const ROLES = [
  role('owner', 'Owner', ME.roleId, 1, ME.permissions),
  role('admin', 'Admin', 'role-admin', 0),
  role('agent', 'Agent', 'role-agent', 1, ['leads:read', 'leads:write']),
];

const user = (over: Partial<Schemas['UserDto']>): Schemas['UserDto'] => ({
  id: 'user-x',
  email: 'x@example.test',
  name: 'X',
  roleId: 'role-agent',
  roleName: 'Agent',
  status: 'active',
  mfaEnabled: false,
  away: false,
  leadCapacity: null,
  lastLoginAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

const OWNER_ROW = user({ id: ME.id, email: ME.email, name: ME.name, roleId: ME.roleId, roleName: 'Owner', mfaEnabled: true, lastLoginAt: new Date().toISOString() });
const AGENT_ROW = user({ id: 'user-agent', email: 'sam@example.test', name: 'Sam Agent' });

type Handler = (request: Request) => Response | Promise<Response>;

// Answers the users and roles reads; `extra` answers anything else (the mutations under test).
function stubApi(
  users: Schemas['UserDto'][],
  roles: Schemas['RoleDto'][],
  extra: Handler = () => new Response(null, { status: 500 }),
  nextCursor: string | null = null,
) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(requestedUrl(input), init);
    const { pathname } = new URL(request.url);
    if (request.method === 'GET' && pathname === '/api/v1/users') return jsonResponse({ data: users, nextCursor });
    if (request.method === 'GET' && pathname === '/api/v1/roles') return jsonResponse(roles);
    return extra(request);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const row = (email: string) => screen.findByTestId(`user-row-${email}`);

// The first test also waits for the page's code to be transformed.
describe('Users page', { timeout: 20_000 }, () => {
  // jsdom has no scrollIntoView, which the role dropdown calls on its selected option.
  beforeAll(() => {
    if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = () => undefined;
  });

  it('lists users with role, two-factor, last sign-in and status', async () => {
    stubApi([OWNER_ROW, AGENT_ROW, user({ id: 'user-new', email: 'new@example.test', name: '', status: 'invited' })], ROLES);
    renderApp('/users');

    expect(await screen.findByRole('heading', { level: 1, name: 'Users' })).toBeInTheDocument();
    const agent = await row('sam@example.test');
    expect(within(agent).getByRole('combobox', { name: 'Role of Sam Agent' })).toHaveValue('Agent');
    expect(agent).toHaveTextContent('Off');
    expect(agent).toHaveTextContent('Never');
    expect(agent).toHaveTextContent('Active');
    const owner = await row(ME.email);
    expect(owner).toHaveTextContent('On');
    expect(owner).toHaveTextContent('Just now');
    expect(owner).toHaveTextContent('You');
    expect(await row('new@example.test')).toHaveTextContent('Invited');
  });

  it('protects the last owner: no role change, no disabling or deleting, and says why', async () => {
    stubApi([OWNER_ROW, AGENT_ROW], ROLES);
    const { user: person } = renderApp('/users');

    const owner = await row(ME.email);
    expect(within(owner).queryByRole('combobox', { name: /^Role of/ })).not.toBeInTheDocument();
    expect(owner).toHaveTextContent('Last owner');

    await person.click(within(owner).getByRole('button', { name: `Actions for ${ME.name}` }));
    const menu = await screen.findByRole('menu');
    expect(menu).toHaveTextContent('The workspace needs at least one active owner: make another user an owner first.');
    expect(within(menu).getByRole('menuitem', { name: 'Disable' })).toBeDisabled();
    expect(within(menu).getByRole('menuitem', { name: 'Delete' })).toBeDisabled();
  });

  it('greys out changing, disabling and deleting users who hold more than the signed-in user, as the API would refuse', async () => {
    // Signed in as an admin: a second owner and a holder of a role with more than the admin's permissions are out of reach.
    const admin = { ...testUser(['leads:read', 'users:manage']), id: 'user-admin', roleId: 'role-people', roleName: 'People ops', email: 'pat@example.test', name: 'Pat' };
    const roles = [
      role('owner', 'Owner', 'role-owner', 2),
      role(null, 'People ops', 'role-people', 1, ['leads:read', 'users:manage']),
      role(null, 'Auditors', 'role-auditors', 1, ['leads:read', 'audit:read']),
      role(null, 'Readers', 'role-readers', 1, ['leads:read']),
    ];
    const rows = [
      user({ id: 'user-owner-1', email: 'ada@example.test', name: 'Ada Owner', roleId: 'role-owner', roleName: 'Owner' }),
      user({ id: 'user-owner-2', email: 'bo@example.test', name: 'Bo Owner', roleId: 'role-owner', roleName: 'Owner' }),
      user({ id: admin.id, email: admin.email, name: admin.name, roleId: 'role-people', roleName: 'People ops' }),
      user({ id: 'user-auditor', email: 'cy@example.test', name: 'Cy Auditor', roleId: 'role-auditors', roleName: 'Auditors' }),
      user({ id: 'user-reader', email: 'di@example.test', name: 'Di Reader', roleId: 'role-readers', roleName: 'Readers' }),
    ];
    stubApi(rows, roles);
    const { user: person } = renderApp('/users', { user: admin });

    const expectOutOfReach = async (email: string, name: string, short: string, full: string) => {
      const found = await row(email);
      expect(within(found).queryByRole('combobox', { name: /^Role of/ })).not.toBeInTheDocument();
      expect(found).toHaveTextContent(short);
      await person.click(within(found).getByRole('button', { name: `Actions for ${name}` }));
      const menu = await screen.findByRole('menu');
      expect(menu).toHaveTextContent(full);
      expect(within(menu).getByRole('menuitem', { name: 'Disable' })).toBeDisabled();
      expect(within(menu).getByRole('menuitem', { name: 'Delete' })).toBeDisabled();
      await person.keyboard('{Escape}');
      await vi.waitFor(() => expect(screen.queryByRole('menu')).not.toBeInTheDocument());
    };
    await expectOutOfReach('bo@example.test', 'Bo Owner', 'Owner', 'Only an owner can change the role of, disable or delete an owner.');
    await expectOutOfReach('cy@example.test', 'Cy Auditor', 'Holds more than you', 'This user holds permissions you do not hold yourself');

    // Someone holding no more than the admin stays theirs to manage.
    const reader = await row('di@example.test');
    expect(within(reader).getByRole('combobox', { name: 'Role of Di Reader' })).toBeEnabled();
    await person.click(within(reader).getByRole('button', { name: 'Actions for Di Reader' }));
    const menu = await screen.findByRole('menu');
    expect(within(menu).getByRole('menuitem', { name: 'Disable' })).toBeEnabled();
    expect(within(menu).getByRole('menuitem', { name: 'Delete' })).toBeEnabled();
  });

  it('shows the API’s last-owner explanation when a change it could not foresee is refused', async () => {
    // Three holders of the owner role and more users than loaded: only the API knows whether this is the last active owner.
    const otherOwner = user({ id: 'user-owner-2', email: 'olga@example.test', name: 'Olga Owner', roleId: ME.roleId, roleName: 'Owner' });
    const fetchMock = stubApi([otherOwner, AGENT_ROW], [{ ...ROLES[0]!, userCount: 3 }, ...ROLES.slice(1)], (request) =>
      request.method === 'PATCH'
        ? problemResponse(409, { code: 'last_owner', title: 'Last owner', detail: 'The workspace needs at least one active owner: make another user an owner first.' })
        : new Response(null, { status: 500 }),
      'next-page',
    );
    const { user: person } = renderApp('/users');

    const owner = await row('olga@example.test');
    await person.click(within(owner).getByRole('combobox', { name: 'Role of Olga Owner' }));
    await person.click(await screen.findByRole('option', { name: 'Agent' }));

    const toast = await screen.findByText('The role was not changed');
    expect(toast.closest('[role="alert"]') ?? toast.parentElement).toHaveTextContent(
      'The workspace needs at least one active owner: make another user an owner first.',
    );
    const patch = fetchMock.mock.calls.map(([input]) => input).find((input): input is Request => input instanceof Request && input.method === 'PATCH');
    expect(patch && new URL(patch.url).pathname).toBe('/api/v1/users/user-owner-2');
    expect(await patch!.json()).toEqual({ roleId: 'role-agent' });
    // The row still shows the role the user really has.
    expect(within(owner).getByRole('combobox', { name: 'Role of Olga Owner' })).toHaveValue('Owner');
  });

  it('invites a user and shows the link, saying that no email went out', async () => {
    const invited = user({ id: 'user-invited', email: 'newbie@example.test', name: '', status: 'invited' });
    const fetchMock = stubApi([OWNER_ROW], ROLES, (request) =>
      request.method === 'POST' && new URL(request.url).pathname === '/api/v1/users'
        ? jsonResponse({ user: invited, invitationUrl: 'https://leads.example.test/accept-invitation?token=abc', emailSent: false }, 201)
        : new Response(null, { status: 500 }),
    );
    const { user: person } = renderApp('/users');

    await person.click(await screen.findByRole('button', { name: 'Invite user' }));
    const dialog = await screen.findByRole('dialog', { name: 'Invite a user' });
    await person.type(within(dialog).getByRole('textbox', { name: 'Email' }), 'newbie@example.test');
    // Agent is preselected: the usual role for a newcomer.
    expect(within(dialog).getByRole('combobox', { name: 'Role' })).toHaveValue('Agent');
    await person.click(within(dialog).getByRole('button', { name: 'Send invitation' }));

    expect(await within(dialog).findByText('No email went out')).toBeInTheDocument();
    expect(within(dialog).getByRole('textbox', { name: 'Invitation link' })).toHaveValue('https://leads.example.test/accept-invitation?token=abc');
    const post = fetchMock.mock.calls.map(([input]) => input).find((input): input is Request => input instanceof Request && input.method === 'POST');
    expect(await post!.json()).toEqual({ email: 'newbie@example.test', roleId: 'role-agent' });
  });

  it('says so when the invitation email went out', async () => {
    const invited = user({ id: 'user-invited', email: 'newbie@example.test', status: 'invited' });
    stubApi([OWNER_ROW], ROLES, () => jsonResponse({ user: invited, invitationUrl: 'https://x.test/accept-invitation?token=t', emailSent: true }, 201));
    const { user: person } = renderApp('/users');

    await person.click(await screen.findByRole('button', { name: 'Invite user' }));
    const dialog = await screen.findByRole('dialog', { name: 'Invite a user' });
    await person.type(within(dialog).getByRole('textbox', { name: 'Email' }), 'newbie@example.test');
    await person.click(within(dialog).getByRole('button', { name: 'Send invitation' }));
    expect(await within(dialog).findByText('Invitation sent')).toBeInTheDocument();
    expect(dialog).toHaveTextContent('An email with this link is on its way to newbie@example.test.');
  });

  it('shows an empty state when no user matches the search', async () => {
    stubApi([], ROLES);
    const { user: person } = renderApp('/users');
    await person.type(await screen.findByRole('searchbox', { name: 'Search' }), 'nobody');
    expect(await screen.findByText('No user matches these filters')).toBeInTheDocument();
  });

  it('shows an error with a retry when the list cannot be read', async () => {
    vi.stubGlobal('fetch', async (input: RequestInfo | URL) =>
      new URL(requestedUrl(input)).pathname === '/api/v1/roles'
        ? jsonResponse(ROLES)
        : problemResponse(500, { code: 'internal_error', title: 'Internal server error', detail: 'Internal server error' }),
    );
    renderApp('/users');
    // Server errors are retried twice first.
    const title = await screen.findByText('Could not load the users', {}, { timeout: 10_000 });
    const alert = title.closest<HTMLElement>('[role="alert"]')!;
    expect(alert).toHaveTextContent('Internal server error');
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });
});
