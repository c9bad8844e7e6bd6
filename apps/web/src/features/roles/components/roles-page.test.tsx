import type { Schemas } from '@hotleads/api-client';
import { BUILT_IN_ROLE_PERMISSIONS } from '@hotleads/shared';
import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { headerRequestAnswer, jsonResponse, problemResponse, requestedUrl } from '@/testing/http';
import { renderApp } from '@/testing/render-app';
import { testUser } from '@/testing/session';

const ME = testUser();

const builtIn = (key: keyof typeof BUILT_IN_ROLE_PERMISSIONS, name: string, id: string): Schemas['RoleDto'] => ({
  id,
  name,
  key,
  builtIn: true,
  description: '',
  permissions: [...BUILT_IN_ROLE_PERMISSIONS[key]],
  userCount: key === 'owner' ? 1 : 0,
});

const BUILT_IN = [
  builtIn('owner', 'Owner', ME.roleId),
  builtIn('admin', 'Admin', 'role-admin'),
  builtIn('manager', 'Manager', 'role-manager'),
  builtIn('agent', 'Agent', 'role-agent'),
  builtIn('viewer', 'Viewer', 'role-viewer'),
];

const EXPORTER: Schemas['RoleDto'] = {
  id: 'role-exporter',
  name: 'Exporter',
  key: null,
  builtIn: false,
  description: 'Agents who also export',
  permissions: ['leads:read', 'leads:write', 'leads:export'],
  userCount: 2,
};

function stubApi(roles: Schemas['RoleDto'][], mutation: (request: Request) => Response | Promise<Response>) {
  const requests: Request[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const header = headerRequestAnswer(input);
    if (header) return header;
    const request = input instanceof Request ? input : new Request(requestedUrl(input), init);
    if (request.method === 'GET' && new URL(request.url).pathname === '/api/v1/roles') return jsonResponse(roles);
    requests.push(request.clone());
    return mutation(request);
  });
  return requests;
}

describe('Roles page', { timeout: 20_000 }, () => {
  it('shows the built-in roles read-only, permission by permission', async () => {
    stubApi(BUILT_IN, () => new Response(null, { status: 500 }));
    renderApp('/roles');

    const table = await screen.findByRole('table', { name: 'Permissions of the built-in roles' });
    const exportRow = within(table).getByRole('row', { name: /^Export leads/ });
    // Owner, admin and manager export; agent and viewer do not.
    expect(within(exportRow).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['Granted', 'Granted', 'Granted', 'Not granted', 'Not granted']);
    expect(within(table).queryByRole('button')).not.toBeInTheDocument();
    expect(screen.getByText('No custom roles yet')).toBeInTheDocument();
  });

  it('creates a custom role from the grouped checklist', async () => {
    const requests = stubApi(BUILT_IN, () => jsonResponse({ ...EXPORTER, userCount: 0 }, 201));
    const { user } = renderApp('/roles');

    await user.click(await screen.findByRole('button', { name: 'New role' }));
    const dialog = await screen.findByRole('dialog', { name: 'New role' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Exporter');
    await user.click(within(dialog).getByRole('checkbox', { name: /^View leads/ }));
    await user.click(within(dialog).getByRole('checkbox', { name: /^Work on leads/ }));
    await user.click(within(dialog).getByRole('checkbox', { name: /^Export leads/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Create role' }));

    expect(await screen.findByText('Role created')).toBeInTheDocument();
    expect(requests).toHaveLength(1);
    expect(new URL(requests[0]!.url).pathname).toBe('/api/v1/roles');
    expect(await requests[0]!.json()).toEqual({ name: 'Exporter', description: '', permissions: ['leads:read', 'leads:write', 'leads:export'] });
  });

  it('explains why a role that people still have cannot be deleted', async () => {
    stubApi([...BUILT_IN, EXPORTER], () =>
      problemResponse(409, { code: 'role_in_use', title: 'Role in use', detail: '2 user(s) still have this role; give them another role first.' }),
    );
    const { user } = renderApp('/roles');

    const card = await screen.findByRole('region', { name: 'Exporter' });
    expect(card).toHaveTextContent('Export leads');
    await user.click(within(card).getByRole('button', { name: 'Delete Exporter' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete the role Exporter?' });
    expect(dialog).toHaveTextContent('2 users still have this role');
    await user.click(within(dialog).getByRole('button', { name: 'Delete role' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('2 user(s) still have this role; give them another role first.');
  });

  it('greys out editing and deleting a custom role that holds more than the signed-in user', async () => {
    const readers: Schemas['RoleDto'] = { ...EXPORTER, id: 'role-readers', name: 'Readers', permissions: ['leads:read'], userCount: 0 };
    const peopleOps: Schemas['RoleDto'] = { ...EXPORTER, id: 'role-people', name: 'People ops', permissions: ['leads:read', 'leads:write', 'users:manage'], userCount: 1 };
    const me = { ...testUser(['leads:read', 'leads:write', 'users:manage']), roleId: peopleOps.id, roleName: 'People ops' };
    stubApi([...BUILT_IN, EXPORTER, readers, peopleOps], () => new Response(null, { status: 500 }));
    renderApp('/roles', { user: me });

    const exporter = await screen.findByRole('region', { name: 'Exporter' });
    expect(within(exporter).getByRole('button', { name: 'Edit Exporter' })).toBeDisabled();
    expect(within(exporter).getByRole('button', { name: 'Delete Exporter' })).toBeDisabled();
    expect(exporter).toHaveTextContent('only an owner can change or delete it');
    const reader = await screen.findByRole('region', { name: 'Readers' });
    expect(within(reader).getByRole('button', { name: 'Edit Readers' })).toBeEnabled();
    expect(within(reader).getByRole('button', { name: 'Delete Readers' })).toBeEnabled();
  });
});
