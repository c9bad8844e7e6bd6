import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { stubApi } from '@/testing/api-stub';
import { jsonResponse, problemResponse } from '@/testing/http';
import { renderApp } from '@/testing/render-app';
import { testUser } from '@/testing/session';
import { apiKeyDto } from '../testing/api-key-dto';

const SECRET = 'hl_Zx9Yw8Vu7Ts6_q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c2v3';
const DAY_MS = 24 * 60 * 60 * 1000;

// Whole-app renders with lazy pages: generous time on a busy machine.
describe('API keys page', { timeout: 30_000 }, () => {
  it('lists keys with their prefix, scopes, dates and state', async () => {
    stubApi({
      'GET /api/v1/api-keys': [
        jsonResponse([
          apiKeyDto({ lastUsedAt: '2026-04-20T15:30:00.000Z', expiresAt: '2026-07-01T00:00:00.000Z' }),
          apiKeyDto({ id: 'k2', name: 'Old importer', prefix: 'hl_OldOldOld000', scopes: ['leads:import'], status: 'revoked', revokedAt: '2026-04-15T08:00:00.000Z' }),
          apiKeyDto({ id: 'k3', name: 'Trial', prefix: 'hl_TrialTrial00', status: 'expired', expiresAt: '2026-04-02T00:00:00.000Z' }),
        ]),
      ],
    });
    renderApp('/api-keys');

    const active = (await screen.findByText('Website backend')).closest('li')!;
    expect(active).toHaveTextContent('hl_AbCdEf123456…');
    expect(active).toHaveTextContent('leads:read');
    expect(active).toHaveTextContent('leads:write');
    expect(active).toHaveTextContent('Active');
    expect(active).not.toHaveTextContent('Last used: Never');
    expect(within(active).getByRole('button', { name: 'Revoke Website backend' })).toBeVisible();
    const revoked = screen.getByText('Old importer').closest('li')!;
    expect(revoked).toHaveTextContent('Revoked');
    expect(revoked).toHaveTextContent('Last used: Never');
    expect(within(revoked).queryByRole('button', { name: /Revoke/ })).not.toBeInTheDocument();
    expect(screen.getByText('Trial').closest('li')).toHaveTextContent('Expired');
    // The how-to panel points at this server and the reference docs.
    const howTo = screen.getByRole('region', { name: 'How to call the API' });
    expect(howTo).toHaveTextContent(`curl -X POST ${location.origin}/api/v1/leads`);
    expect(within(howTo).getByRole('link', { name: /API reference/ })).toHaveAttribute('href', '/api/docs');
  });

  it('creates a key with the chosen scopes and expiry and shows its secret exactly once', async () => {
    const created = apiKeyDto({ name: 'Zapier', scopes: ['leads:read', 'leads:write'], expiresAt: new Date(Date.now() + 30 * DAY_MS).toISOString() });
    const calls = stubApi({
      'GET /api/v1/api-keys': [jsonResponse([]), jsonResponse([created])],
      'POST /api/v1/api-keys': [jsonResponse({ apiKey: created, secret: SECRET }, 201)],
    });
    const { user } = renderApp('/api-keys');

    await user.click(await screen.findByRole('button', { name: 'New API key' }));
    let dialog = await screen.findByRole('dialog', { name: 'New API key' });
    // Keys never manage people or keys: those scopes are not offered at all.
    expect(within(dialog).queryByRole('checkbox', { name: 'users:manage' })).not.toBeInTheDocument();
    expect(within(dialog).queryByRole('checkbox', { name: 'api-keys:manage' })).not.toBeInTheDocument();
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Zapier');
    await user.click(within(dialog).getByRole('checkbox', { name: 'leads:write' }));
    await user.click(within(dialog).getByRole('checkbox', { name: 'leads:read' }));
    await user.click(within(dialog).getByRole('radio', { name: '30 days' }));
    const before = Date.now();
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));

    dialog = await screen.findByRole('dialog', { name: 'Copy your new API key' });
    const secret = within(dialog).getByRole('textbox', { name: 'API key "Zapier"' });
    expect(secret).toHaveValue(SECRET);
    expect(secret).toHaveAttribute('readonly');
    expect(dialog).toHaveTextContent('Copy this key now: it will not be shown again');
    expect(within(dialog).getByRole('button', { name: 'Copy the key' })).toBeVisible();

    const post = calls.find((c) => c.method === 'POST');
    const body = post?.body as { name: string; scopes: string[]; expiresAt: string };
    expect({ ...body, expiresAt: undefined }).toEqual({ name: 'Zapier', scopes: ['leads:write', 'leads:read'], expiresAt: undefined });
    const expires = Date.parse(body.expiresAt);
    expect(expires).toBeGreaterThanOrEqual(before + 30 * DAY_MS);
    expect(expires).toBeLessThanOrEqual(Date.now() + 30 * DAY_MS);

    // The list behind the dialog already shows the new key, without its secret.
    expect(await screen.findByText('Zapier', { selector: 'li *' })).toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: 'I have stored the key' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.queryByDisplayValue(SECRET)).not.toBeInTheDocument();
    expect(document.body).not.toHaveTextContent(SECRET);

    // Opening the dialog again starts a new key; the old secret is gone for good.
    await user.click(screen.getByRole('button', { name: 'New API key' }));
    dialog = await screen.findByRole('dialog', { name: 'New API key' });
    expect(within(dialog).getByRole('textbox', { name: 'Name' })).toHaveValue('');
    expect(document.body).not.toHaveTextContent(SECRET);
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  });

  it('shows the API refusals beside the name and the scopes', async () => {
    stubApi({
      'GET /api/v1/api-keys': [jsonResponse([])],
      'POST /api/v1/api-keys': [
        problemResponse(400, {
          code: 'validation_failed',
          errors: [
            { field: 'name', message: 'name should not be empty' },
            { field: 'scopes', message: 'scopes must contain at least 1 elements' },
          ],
        }),
      ],
    });
    const { user } = renderApp('/api-keys');

    await user.click(await screen.findByRole('button', { name: 'New API key' }));
    const dialog = await screen.findByRole('dialog', { name: 'New API key' });
    await user.click(within(dialog).getByRole('radio', { name: 'Never' }));
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));

    expect(await within(dialog).findByText('name should not be empty')).toBeVisible();
    expect(within(dialog).getByText('scopes must contain at least 1 elements')).toBeVisible();
    expect(within(dialog).getByRole('textbox', { name: 'Name' })).toHaveAttribute('aria-invalid', 'true');
  });

  it('asks for the day when the expiry is a date, before sending anything', async () => {
    const calls = stubApi({ 'GET /api/v1/api-keys': [jsonResponse([])] });
    const { user } = renderApp('/api-keys');

    await user.click(await screen.findByRole('button', { name: 'New API key' }));
    const dialog = await screen.findByRole('dialog', { name: 'New API key' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Partner sync');
    await user.click(within(dialog).getByRole('checkbox', { name: 'leads:read' }));
    expect(within(dialog).queryByRole('button', { name: /Expiry date/ })).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('radio', { name: 'Date' }));
    expect(within(dialog).getByRole('button', { name: /Expiry date/ })).toBeVisible();
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));

    expect(await within(dialog).findByText('Pick the day the key stops working')).toBeVisible();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('offers only the scopes the creator holds', async () => {
    stubApi({ 'GET /api/v1/api-keys': [jsonResponse([])] });
    const { user } = renderApp('/api-keys', { user: testUser(['api-keys:manage', 'leads:read']) });

    await user.click(await screen.findByRole('button', { name: 'New API key' }));
    const dialog = await screen.findByRole('dialog', { name: 'New API key' });
    expect(within(dialog).getByRole('checkbox', { name: 'leads:read' })).toBeEnabled();
    expect(within(dialog).getByRole('checkbox', { name: 'leads:write' })).toBeDisabled();
  });

  it('revokes a key after confirmation', async () => {
    const key = apiKeyDto();
    const calls = stubApi({
      'GET /api/v1/api-keys': [jsonResponse([key]), jsonResponse([{ ...key, status: 'revoked', revokedAt: new Date().toISOString() }])],
      [`DELETE /api/v1/api-keys/${key.id}`]: [new Response(null, { status: 204 })],
    });
    const { user } = renderApp('/api-keys');

    await user.click(await screen.findByRole('button', { name: 'Revoke Website backend' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke the key "Website backend"?' });
    expect(dialog).toHaveTextContent('hl_AbCdEf123456…');
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: 'Revoke key' }));

    expect(await screen.findByText('Key revoked')).toBeVisible();
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Revoke Website backend' })).not.toBeInTheDocument());
    expect(screen.getByText('Website backend').closest('li')).toHaveTextContent('Revoked');
    expect(calls.filter((c) => c.method === 'DELETE')).toHaveLength(1);
  });
});
