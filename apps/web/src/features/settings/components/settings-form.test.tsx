import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { jsonResponse, problemResponse, requestedUrl } from '@/testing/http';
import { renderApp } from '@/testing/render-app';
import { testUser } from '@/testing/session';

const saved = {
  name: 'Acme Sales',
  requireMfa: false,
  slaMinutes: { urgent: 15, high: 60, medium: 240, low: 1440 },
  trashRetentionDays: 30,
  phoneCountry: null,
};

// Answers GET /settings with `saved` and PATCH with `patchAnswer`; records the PATCH bodies.
function settingsApi(patchAnswer: (body: unknown) => Response = (body) => jsonResponse({ ...saved, ...(body as object) })) {
  const patches: unknown[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const request = input as Request;
    const path = new URL(requestedUrl(input)).pathname;
    if (path !== '/api/v1/settings') throw new Error(`unexpected ${path}`);
    if (request.method === 'PATCH') {
      const body: unknown = await request.json();
      patches.push(body);
      return patchAnswer(body);
    }
    return jsonResponse(saved);
  });
  vi.stubGlobal('fetch', fetchMock);
  return patches;
}

describe('Settings form', { timeout: 20_000 }, () => {
  it('shows the SLA targets with a human hint that follows the typed minutes', async () => {
    settingsApi();
    const { user } = renderApp('/settings');

    const urgent = await screen.findByRole('textbox', { name: 'Urgent' });
    expect(urgent).toHaveValue('15 min');
    expect(screen.getByText('= 4 h')).toBeInTheDocument();
    expect(screen.getByText('= 1 day')).toBeInTheDocument();

    await user.clear(urgent);
    await user.type(urgent, '90');
    expect(await screen.findByText('= 1 h 30 min')).toBeInTheDocument();
  });

  it('points at each invalid field and sends nothing', async () => {
    const patches = settingsApi();
    const { user } = renderApp('/settings');

    const name = await screen.findByRole('textbox', { name: /Workspace name/ });
    await user.clear(name);
    await user.clear(screen.getByRole('textbox', { name: 'High' }));
    const trash = screen.getByRole('textbox', {
      name: /Keep deleted leads for/,
    });
    await user.clear(trash);
    await user.type(trash, '5000');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));

    expect(await screen.findByText('Enter the workspace name')).toBeInTheDocument();
    expect(name).toHaveAccessibleDescription(/Enter the workspace name/);
    expect(screen.getByRole('textbox', { name: 'High' })).toHaveAccessibleDescription(/Enter a number/);
    expect(trash).toHaveAccessibleDescription(/At most 3,650 days/);
    expect(trash).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('textbox', { name: 'Urgent' })).not.toHaveAttribute('aria-invalid', 'true');
    expect(patches).toEqual([]);
  });

  it("sends only what changed and shows the API's field errors on their inputs", async () => {
    const patches = settingsApi(() =>
      problemResponse(400, {
        code: 'validation_failed',
        detail: 'slaMinutes.urgent: too short',
        errors: [{ field: 'slaMinutes.urgent', message: 'too short' }],
      }),
    );
    const { user } = renderApp('/settings');

    const urgent = await screen.findByRole('textbox', { name: 'Urgent' });
    await user.clear(urgent);
    await user.type(urgent, '5');
    await user.click(screen.getByRole('switch', { name: /Require two-factor authentication/ }));
    await user.click(screen.getByRole('button', { name: 'Save settings' }));

    await waitFor(() => expect(patches).toEqual([{ requireMfa: true, slaMinutes: { urgent: 5 } }]));
    expect(await screen.findByRole('alert', { name: 'Could not save the settings' })).toHaveTextContent('slaMinutes.urgent: too short');
    expect(urgent).toHaveAccessibleDescription(/too short/);
  });

  it('warns an admin without two-factor authentication who turns the requirement on', async () => {
    settingsApi();
    const { user } = renderApp('/settings', {
      user: { ...testUser(), mfaEnabled: false },
    });

    await user.click(
      await screen.findByRole('switch', {
        name: /Require two-factor authentication/,
      }),
    );
    const warning = screen.getByText('You have not set up two-factor authentication yet').closest('.mantine-Alert-root');
    expect(
      within(warning as HTMLElement).getByRole('link', {
        name: /set it up now/,
      }),
    ).toHaveAttribute('href', '/account');
  });

  it('saves, then reads the session again so the header shows the new workspace name', async () => {
    const patches = settingsApi();
    const { user } = renderApp('/settings');
    await screen.findByRole('textbox', { name: /Workspace name/ });
    // From now on /auth/me answers the renamed workspace (the session's own stub answers the first one).
    const signedIn = globalThis.fetch;
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      if (new URL(requestedUrl(input)).pathname !== '/api/v1/auth/me') return signedIn(input, init);
      return jsonResponse({
        user: testUser(),
        tenant: {
          id: '00000000-0000-4000-8000-000000000003',
          name: 'Acme EMEA',
          settings: { requireMfa: false },
        },
      });
    });

    const name = screen.getByRole('textbox', { name: /Workspace name/ });
    expect(screen.getByTestId('workspace-name')).toHaveTextContent('Acme Sales');
    await user.clear(name);
    await user.type(name, '  Acme EMEA ');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));

    await waitFor(() => expect(patches).toEqual([{ name: 'Acme EMEA' }]));
    expect(await screen.findByText('Settings saved')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('workspace-name')).toHaveTextContent('Acme EMEA'));
    expect(screen.getByRole('button', { name: 'Save settings' })).toBeDisabled();
  });

  it('picks the workspace country for phones from the list', async () => {
    const patches = settingsApi();
    const { user } = renderApp('/settings');

    const country = await screen.findByLabelText('Workspace country', { selector: 'input' });
    await user.type(country, 'Germ');
    await user.click(await screen.findByRole('option', { name: 'Germany (DE)' }));
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(patches).toEqual([{ phoneCountry: 'DE' }]));
  });

  it('shows a 403 screen to someone without settings:manage', async () => {
    settingsApi();
    renderApp('/settings', { user: testUser(['leads:read']) });
    expect(await screen.findByRole('heading', { level: 1 })).not.toHaveTextContent('Settings');
  });
});
