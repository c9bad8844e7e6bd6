import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { jsonResponse, problemResponse, requestedUrl } from '@/testing/http';
import { renderApp } from '@/testing/render-app';
import { testUser } from '@/testing/session';

interface Call {
  method: string;
  path: string;
  body: unknown;
}

// Answers the account page's calls from `routes` ("METHOD /path" → answer) and records them.
function accountApi(routes: Record<string, (body: unknown) => Response>) {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const request = input as Request;
    const path = new URL(requestedUrl(input)).pathname;
    const text = await request.text();
    const body: unknown = text ? JSON.parse(text) : undefined;
    calls.push({ method: request.method, path, body });
    if (path === '/api/v1/auth/sessions') return jsonResponse([]);
    const answer = routes[`${request.method} ${path}`];
    if (!answer) throw new Error(`unexpected ${request.method} ${path}`);
    return answer(body);
  });
  return calls;
}

describe('Account page', { timeout: 20_000 }, () => {
  it('lets anyone rename themselves, and the header shows the new name', async () => {
    // A viewer: no users:manage. The stub keeps the account as the API would, so /auth/me answers the new name.
    const account = { ...testUser(['leads:read']), name: 'Vera Viewer', roleName: 'Viewer' };
    const calls = accountApi({
      'PATCH /api/v1/auth/me': (body) => {
        Object.assign(account, body);
        return jsonResponse({ user: account, tenant: { id: '00000000-0000-4000-8000-000000000003', name: 'Acme Sales', settings: { requireMfa: false } } });
      },
    });
    const { user } = renderApp('/account', { user: account });

    const banner = await screen.findByRole('banner');
    expect(within(banner).getByRole('link', { name: 'Vera Viewer' })).toBeInTheDocument();
    const name = await screen.findByRole('textbox', { name: 'Name' });
    expect(name).toHaveValue('Vera Viewer');
    expect(name).not.toHaveAttribute('readonly');
    expect(screen.getByRole('button', { name: 'Save name' })).toBeDisabled();

    await user.clear(name);
    await user.type(name, '  Vera Vale ');
    await user.click(screen.getByRole('button', { name: 'Save name' }));

    expect(await screen.findByText('Name saved')).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'PATCH')).toEqual([{ method: 'PATCH', path: '/api/v1/auth/me', body: { name: 'Vera Vale' } }]);
    expect(within(banner).getByRole('link', { name: 'Vera Vale' })).toBeInTheDocument();
    expect(name).toHaveValue('Vera Vale');
    expect(screen.getByRole('button', { name: 'Save name' })).toBeDisabled();
  });

  it('lets anyone mark themselves away and back', async () => {
    const account = { ...testUser(['leads:read']), away: false };
    const calls = accountApi({
      'PATCH /api/v1/auth/me/availability': (body) => {
        Object.assign(account, body);
        return jsonResponse({ user: account, tenant: { id: '00000000-0000-4000-8000-000000000003', name: 'Acme Sales', settings: { requireMfa: false } } });
      },
    });
    const { user } = renderApp('/account', { user: account });
    const toggle = await screen.findByRole('switch', { name: /I am away/ });
    expect(toggle).not.toBeChecked();
    await user.click(toggle);
    expect(await screen.findByText('Marked away')).toBeInTheDocument();
    expect(toggle).toBeChecked();
    await user.click(toggle);
    expect(await screen.findByText('Welcome back')).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'PATCH')).toEqual([
      { method: 'PATCH', path: '/api/v1/auth/me/availability', body: { away: true } },
      { method: 'PATCH', path: '/api/v1/auth/me/availability', body: { away: false } },
    ]);
  });

  it('refuses a blank name without calling the API and shows the API\'s field error', async () => {
    const calls = accountApi({
      'PATCH /api/v1/auth/me': () =>
        problemResponse(400, {
          code: 'validation_failed',
          title: 'The request is invalid',
          errors: [{ field: 'name', message: 'name must be shorter than or equal to 200 characters' }],
        }),
    });
    const { user } = renderApp('/account', { user: testUser(['leads:read']) });

    const name = await screen.findByRole('textbox', { name: 'Name' });
    await user.clear(name);
    await user.type(name, '   ');
    await user.click(screen.getByRole('button', { name: 'Save name' }));
    expect(name).toHaveAccessibleDescription('Enter your name');
    expect(calls.filter((c) => c.method === 'PATCH')).toEqual([]);

    await user.type(name, 'Olivia Oak');
    await user.click(screen.getByRole('button', { name: 'Save name' }));
    await waitFor(() => expect(name).toHaveAccessibleDescription('name must be shorter than or equal to 200 characters'));
    expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(1);
    expect(screen.queryByText('Name saved')).not.toBeInTheDocument();
  });

  it('enrols an authenticator: key shown, a wrong code refused, recovery codes shown once', async () => {
    let attempts = 0;
    const calls = accountApi({
      'POST /api/v1/auth/mfa/setup': () =>
        jsonResponse({
          secret: 'JBSWY3DPEHPK3PXPJBSW',
          otpauthUri: 'otpauth://totp/x',
          qrCode: 'data:image/png;base64,AAAA',
        }),
      'POST /api/v1/auth/mfa/enable': () =>
        ++attempts === 1
          ? problemResponse(400, {
              code: 'invalid_mfa_code',
              title: 'Invalid code',
              detail: 'The code is wrong or was already used.',
            })
          : jsonResponse({ recoveryCodes: ['aaaa-bbbb', 'cccc-dddd'] }),
    });
    const { user } = renderApp('/account', { user: testUser(['leads:read']) });

    await user.click(
      await screen.findByRole('button', {
        name: 'Set up two-factor authentication',
      }),
    );
    expect(await screen.findByTestId('mfa-secret')).toHaveTextContent('JBSW Y3DP EHPK 3PXP JBSW');
    expect(screen.getByRole('img', { name: /QR code/ })).toHaveAttribute('src', 'data:image/png;base64,AAAA');

    const code = screen.getByRole('textbox', { name: /Code from the app/ });
    await user.type(code, '12');
    await user.click(screen.getByRole('button', { name: 'Turn on two-factor authentication' }));
    expect(code).toHaveAccessibleDescription(/Enter the 6-digit code/);

    await user.type(code, '3 456');
    await user.click(screen.getByRole('button', { name: 'Turn on two-factor authentication' }));
    expect(await screen.findByText('The code is wrong or was already used.')).toBeInTheDocument();

    await user.clear(code);
    await user.type(code, '654321');
    await user.click(screen.getByRole('button', { name: 'Turn on two-factor authentication' }));
    const codes = await screen.findByRole('list', { name: 'Recovery codes' });
    expect(
      within(codes)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['aaaa-bbbb', 'cccc-dddd']);
    expect(calls.filter((c) => c.path === '/api/v1/auth/mfa/enable').map((c) => c.body)).toEqual([{ code: '123456' }, { code: '654321' }]);

    await user.click(screen.getByRole('button', { name: 'I have saved them' }));
    expect(screen.queryByRole('list', { name: 'Recovery codes' })).not.toBeInTheDocument();
  });
});
