import type { Schemas } from '@hotleads/api-client';
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { jsonResponse, problemResponse, requestedUrl } from '@/testing/http';
import { renderApp } from '@/testing/render-app';

const STRONG = 'velvet orbit canyon mango';
const SINGLE: Schemas['HostWorkspaceDto'] = { host: 'single', name: null, slug: null, apexUrl: null, signupAllowed: true };
const APEX: Schemas['HostWorkspaceDto'] = { host: 'apex', name: null, slug: null, apexUrl: 'https://hotleads.example.com', signupAllowed: true };
const WORKSPACE_ID = '6f1c1f5e-8f5e-4d1e-9a55-0d5b0f4b7c11';
const WORKSPACE: Schemas['HostWorkspaceDto'] = {
  host: 'workspace',
  name: 'Acme Legal',
  slug: 'acme-legal',
  apexUrl: 'https://hotleads.example.com',
  signupAllowed: false,
};

// A visitor without a session: the page asks which host this is, the SSO button's workspace, and signs up.
function stubApi(host: Schemas['HostWorkspaceDto'], signup: () => Response = () => jsonResponse({ accepted: true }, 202)) {
  const requests: Array<{ path: string; body: unknown }> = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(requestedUrl(input), init);
    const { pathname } = new URL(request.url);
    requests.push({ path: pathname, body: request.method === 'POST' ? await request.clone().json().catch(() => null) : undefined });
    if (pathname === '/api/v1/workspace-by-host') return jsonResponse(host);
    if (pathname === '/api/v1/auth/signup') return signup();
    const offer = { workspaceId: WORKSPACE_ID, workspaceName: 'Acme Legal', providerName: 'Okta', startUrl: `/api/v1/auth/sso/${WORKSPACE_ID}/start` };
    if (pathname === `/api/v1/auth/sso/${WORKSPACE_ID}`) return jsonResponse(offer);
    if (pathname === '/api/v1/auth/sso/by-host') return jsonResponse({ offer: host.host === 'workspace' ? offer : null });
    return problemResponse(401, { code: 'unauthenticated', title: 'Unauthenticated', detail: 'Sign in.' });
  });
  return requests;
}

describe('Sign-up', { timeout: 20_000 }, () => {
  it('is offered on the sign-in page where the API allows it, and creates a workspace', async () => {
    const requests = stubApi(SINGLE);
    const { user, router } = renderApp('/sign-in', { user: null });
    await user.click(await screen.findByRole('link', { name: 'Create a workspace' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/sign-up'));

    await user.type(await screen.findByRole('textbox', { name: 'Workspace name' }), 'Initech');
    await user.type(screen.getByRole('textbox', { name: 'Your name' }), 'Peter Gibbons');
    await user.type(screen.getByRole('textbox', { name: 'Email' }), 'peter@initech.example');
    await user.type(screen.getByLabelText(/^Password/), STRONG);
    await user.click(screen.getByRole('button', { name: 'Create the workspace' }));

    expect(await screen.findByRole('heading', { name: 'Check your email' })).toBeInTheDocument();
    expect(requests.find((r) => r.path === '/api/v1/auth/signup')?.body).toEqual({ tenantName: 'Initech', name: 'Peter Gibbons', email: 'peter@initech.example', password: STRONG });
  });

  it('is offered on the apex host, and shows the field the API refused', async () => {
    stubApi(APEX, () =>
      problemResponse(400, { code: 'validation_failed', detail: 'tenantName: too long', errors: [{ field: 'tenantName', message: 'must be shorter' }] }),
    );
    const { user } = renderApp('/sign-up', { user: null });
    await user.type(await screen.findByRole('textbox', { name: 'Workspace name' }), 'Initech');
    await user.type(screen.getByRole('textbox', { name: 'Your name' }), 'Peter Gibbons');
    await user.type(screen.getByRole('textbox', { name: 'Email' }), 'peter@initech.example');
    await user.type(screen.getByLabelText(/^Password/), STRONG);
    await user.click(screen.getByRole('button', { name: 'Create the workspace' }));
    expect(await screen.findByText('must be shorter')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Workspace name' })).toHaveAttribute('aria-invalid', 'true');
  });

  it("is neither linked nor offered on a workspace's own host, whose sign-in page offers its single sign-on", async () => {
    const requests = stubApi(WORKSPACE);
    // A ?workspace= link of another workspace changes nothing on a workspace's host.
    const signIn = renderApp('/sign-in?workspace=7e0c2a4b-1111-4c1d-8e8e-2b7f3c9d0a01', { user: null });
    const sso = await screen.findByRole('link', { name: 'Sign in with Okta' });
    expect(sso).toHaveAttribute('href', `/api/v1/auth/sso/${WORKSPACE_ID}/start`);
    expect(screen.getByTestId('workspace-name')).toHaveTextContent('Acme Legal');
    expect(screen.queryByRole('link', { name: 'Create a workspace' })).not.toBeInTheDocument();
    signIn.unmount();

    renderApp('/sign-up', { user: null });
    expect(await screen.findByRole('heading', { name: 'Sign-up is not available here' })).toBeInTheDocument();
    expect(screen.getByText(/New workspaces are created at https:\/\/hotleads\.example\.com/)).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'Workspace name' })).not.toBeInTheDocument();
    expect(requests.some((r) => r.path === '/api/v1/auth/signup' || r.path.startsWith('/api/v1/auth/sso/7e0c2a4b'))).toBe(false);
  });

  it('is not linked where ALLOW_SIGNUP is off', async () => {
    stubApi({ ...SINGLE, signupAllowed: false });
    // The single sign-on button of the linked workspace shows once the host is known.
    renderApp(`/sign-in?workspace=${WORKSPACE_ID}`, { user: null });
    expect(await screen.findByRole('link', { name: 'Sign in with Okta' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Create a workspace' })).not.toBeInTheDocument();
  });
});
