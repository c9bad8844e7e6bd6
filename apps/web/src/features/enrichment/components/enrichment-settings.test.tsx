import type { Schemas } from '@hotleads/api-client';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { stubApi } from '@/testing/api-stub';
import { jsonResponse, problemResponse } from '@/testing/http';
import { renderApp } from '@/testing/render-app';
import { testUser } from '@/testing/session';

const CONNECTION_ID = '5b0c6a1e-3f0a-4d7e-9b1a-2c3d4e5f6a7b';

function settings(
  overrides: {
    kickboxConnected?: boolean;
    mode?: 'auto' | 'on_demand';
    used?: number;
  } = {},
): Schemas['EnrichmentSettingsDto'] {
  return {
    mode: overrides.mode ?? 'auto',
    providers: [
      {
        provider: 'twilio_lookup',
        label: 'Twilio Lookup',
        kind: 'phone',
        enabled: true,
        dailyBudget: 500,
        usedToday: overrides.used ?? 12,
        cachedToday: 3,
        skippedToday: 0,
        connection: {
          id: CONNECTION_ID,
          name: 'Twilio Lookup',
          status: 'active',
          lastError: null,
        },
      },
      {
        provider: 'kickbox',
        label: 'Kickbox',
        kind: 'email',
        enabled: true,
        dailyBudget: 200,
        usedToday: 0,
        cachedToday: 0,
        skippedToday: 4,
        ...(overrides.kickboxConnected
          ? {
              connection: {
                id: CONNECTION_ID.replace('5b', '6c'),
                name: 'Kickbox',
                status: 'active' as const,
                lastError: null,
              },
            }
          : {}),
      },
    ],
  };
}

describe('Settings → Enrichment', { timeout: 30_000 }, () => {
  it('shows each provider with its connection, today’s usage against the budget, and tests a connection', async () => {
    const calls = stubApi({
      'GET /api/v1/enrichment/settings': [jsonResponse(settings())],
      [`POST /api/v1/integrations/connections/${CONNECTION_ID}/test`]: [jsonResponse({ ok: true, message: 'Connected to Twilio Lookup' })],
      'GET /api/v1/integrations/connections': [jsonResponse([])],
      [`GET /api/v1/integrations/connections/${CONNECTION_ID}`]: [jsonResponse({})],
    });
    const { user } = renderApp('/settings/enrichment');

    const twilio = await screen.findByRole('region', { name: 'Twilio Lookup' });
    expect(twilio).toHaveTextContent('Connected');
    expect(within(twilio).getByLabelText('Twilio Lookup usage today')).toHaveTextContent('Today: 12 of 500 lookups used · 3 from the cache · 0 skipped (budget)');
    const kickbox = screen.getByRole('region', { name: 'Kickbox' });
    expect(kickbox).toHaveTextContent('Not connected');
    expect(within(kickbox).getByLabelText('Kickbox usage today')).toHaveTextContent('4 skipped (budget)');
    expect(within(kickbox).getByRole('button', { name: 'Connect Kickbox' })).toBeVisible();

    await user.click(within(twilio).getByRole('button', { name: 'Test Twilio Lookup' }));
    expect(await within(twilio).findByText('Connected to Twilio Lookup')).toBeVisible();
    expect(calls.some((c) => c.method === 'POST' && c.path.endsWith('/test'))).toBe(true);
    expect(screen.getByRole('navigation', { name: 'Main navigation' })).toHaveTextContent('Enrichment');
  });

  it('saves the mode, switches and budgets', async () => {
    const calls = stubApi({
      'GET /api/v1/enrichment/settings': [jsonResponse(settings())],
      'PATCH /api/v1/enrichment/settings': [jsonResponse(settings({ mode: 'on_demand' }))],
    });
    const { user } = renderApp('/settings/enrichment');
    await screen.findByRole('region', { name: 'Kickbox' });

    await user.click(screen.getByRole('radio', { name: /Only on demand/ }));
    const kickbox = screen.getByRole('region', { name: 'Kickbox' });
    await user.click(within(kickbox).getByRole('switch', { name: 'Run Kickbox' }));
    const budget = within(kickbox).getByRole('textbox', {
      name: /Daily budget/,
    });
    await user.clear(budget);
    await user.type(budget, '50');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(calls.find((c) => c.method === 'PATCH')).toBeDefined());
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({
      mode: 'on_demand',
      providers: {
        twilio_lookup: { enabled: true, dailyBudget: 500 },
        kickbox: { enabled: false, dailyBudget: 50 },
      },
    });
  });

  it('refuses an empty budget before sending anything', async () => {
    const calls = stubApi({
      'GET /api/v1/enrichment/settings': [jsonResponse(settings())],
    });
    const { user } = renderApp('/settings/enrichment');
    const kickbox = await screen.findByRole('region', { name: 'Kickbox' });
    await user.clear(within(kickbox).getByRole('textbox', { name: /Daily budget/ }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Give Kickbox a daily budget of 0 or more lookups')).toBeVisible();
    expect(calls.some((c) => c.method === 'PATCH')).toBe(false);
  });

  it('connects Kickbox with its key and shows the API’s field errors', async () => {
    const calls = stubApi({
      'GET /api/v1/enrichment/settings': [jsonResponse(settings()), jsonResponse(settings({ kickboxConnected: true }))],
      'POST /api/v1/integrations/connections': [
        problemResponse(400, {
          type: 'about:blank',
          title: 'Invalid',
          status: 400,
          code: 'validation_failed',
          errors: [
            {
              field: 'credentials.apiKey',
              message: 'apiKey must be a Kickbox API key (live_... or test_...)',
            },
          ],
        }),
        jsonResponse({ id: 'x' }, 201),
      ],
      'GET /api/v1/integrations/connections': [jsonResponse([])],
    });
    const { user } = renderApp('/settings/enrichment');
    const kickbox = await screen.findByRole('region', { name: 'Kickbox' });
    await user.click(within(kickbox).getByRole('button', { name: 'Connect Kickbox' }));
    expect(within(kickbox).getByText('Enter the API key')).toBeVisible();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    await user.type(within(kickbox).getByLabelText(/API key/), 'a b');
    await user.click(within(kickbox).getByRole('button', { name: 'Connect Kickbox' }));
    expect(await within(kickbox).findByText('apiKey must be a Kickbox API key (live_... or test_...)')).toBeVisible();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      provider: 'kickbox',
      name: 'Kickbox',
      credentials: { apiKey: 'a b' },
    });
  });

  it('is not offered without integrations:manage', async () => {
    stubApi({});
    renderApp('/settings/enrichment', { user: testUser(['leads:read']) });
    expect(await screen.findByText(/integrations:manage/)).toBeVisible();
    expect(screen.getByRole('navigation', { name: 'Main navigation' })).not.toHaveTextContent('Enrichment');
  });
});
