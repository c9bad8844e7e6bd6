import { notifications } from '@mantine/notifications';
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, problemResponse, requestedUrl } from '@/testing/http';
import { renderApp } from '@/testing/render-app';

const saved = {
  name: 'Acme Sales',
  requireMfa: false,
  slaMinutes: { urgent: 15, high: 60, medium: 240, low: 1440 },
  trashRetentionDays: 30,
  phoneCountry: null,
};
const PASSWORD = 'correct horse battery staple';

// The API for a session signed in more than 15 minutes ago: PATCH /settings answers 403 `stale` until
// POST /auth/reauthenticate gets the right password. Records every PATCH body and every password tried.
function staleSessionApi() {
  const patches: unknown[] = [];
  const passwords: string[] = [];
  let confirmed = false;
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const request = input as Request;
    const path = new URL(requestedUrl(input)).pathname;
    if (path === '/api/v1/auth/reauthenticate' && request.method === 'POST') {
      const { password } = (await request.json()) as { password: string };
      passwords.push(password);
      if (password !== PASSWORD) {
        return problemResponse(400, { code: 'reauthentication_failed', title: 'Password or code incorrect', detail: 'The password or the code is incorrect.' });
      }
      confirmed = true;
      return new Response(null, { status: 204 });
    }
    if (path !== '/api/v1/settings') throw new Error(`unexpected ${path}`);
    if (request.method !== 'PATCH') return jsonResponse(saved);
    const body: unknown = await request.json();
    patches.push(body);
    if (!confirmed) {
      return problemResponse(403, {
        code: 'recent_authentication_required',
        title: 'Recent sign-in required',
        detail: 'Confirm your password (POST /api/v1/auth/reauthenticate) and try again.',
        reason: 'stale',
      });
    }
    return jsonResponse({ ...saved, ...(body as object) });
  });
  return { patches, passwords };
}

// Turns the two-factor requirement on and saves, as an admin would.
async function saveRequireMfa() {
  const rendered = renderApp('/settings');
  await rendered.user.click(await screen.findByRole('switch', { name: /Require two-factor authentication/ }));
  await rendered.user.click(screen.getByRole('button', { name: 'Save settings' }));
  return rendered;
}

describe('Settings form on a session that must confirm its password', { timeout: 20_000 }, () => {
  afterEach(() => act(() => notifications.clean()));

  it('asks for the password, says when it is wrong, then sends the same change again and saves it', async () => {
    const { patches, passwords } = staleSessionApi();
    const { user } = await saveRequireMfa();

    const dialog = await screen.findByRole('dialog', { name: 'Confirm your password' });
    expect(screen.queryByRole('alert', { name: 'Could not save the settings' })).not.toBeInTheDocument();
    const password = within(dialog).getByLabelText(/Password/);
    await waitFor(() => expect(password).toHaveFocus());

    await user.type(password, 'wrong password');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(password).toHaveAccessibleDescription('That password is not correct. Try again.'));
    expect(password).toHaveAttribute('aria-invalid', 'true');
    expect(patches).toHaveLength(1);

    await user.clear(password);
    await user.type(password, PASSWORD);
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));

    expect(await screen.findByText('Settings saved')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Confirm your password' })).not.toBeInTheDocument());
    expect(passwords).toEqual(['wrong password', PASSWORD]);
    expect(patches).toEqual([{ requireMfa: true }, { requireMfa: true }]);
    expect(screen.getByRole('switch', { name: /Require two-factor authentication/ })).toBeChecked();
    expect(screen.getByRole('button', { name: 'Save settings' })).toBeDisabled();
  });

  it('leaves the change unsaved, and says why, when the password is not given', async () => {
    const { patches, passwords } = staleSessionApi();
    const { user } = await saveRequireMfa();

    const dialog = await screen.findByRole('dialog', { name: 'Confirm your password' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));

    expect(await screen.findByRole('alert', { name: 'Could not save the settings' })).toHaveTextContent(
      'Nothing was saved: changes to how people sign in need your password. Save again to confirm it.',
    );
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Confirm your password' })).not.toBeInTheDocument());
    expect(passwords).toEqual([]);
    expect(patches).toEqual([{ requireMfa: true }]);
    expect(screen.queryByText('Settings saved')).not.toBeInTheDocument();
    expect(screen.getByRole('switch', { name: /Require two-factor authentication/ })).toBeChecked();
    expect(screen.getByRole('button', { name: 'Save settings' })).toBeEnabled();
  });
});
