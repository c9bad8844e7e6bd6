import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { stubApi } from '@/testing/api-stub';
import { jsonResponse, problemResponse } from '@/testing/http';
import { renderApp } from '@/testing/render-app';
import { testUser } from '@/testing/session';
import type { OutboundDelivery, WebhookEndpoint } from '../api/webhook-endpoints';

const ID = '5b0c7a2e-1d3f-4e5a-9b8c-7d6e5f4a3b2c';
const DELIVERY_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const SECRET = 'whsec_VGhpcyBpcyBhIHRlc3Qgc2VjcmV0IGZvciB0aGUgVUk=';

const endpoint = (overrides: Partial<WebhookEndpoint> = {}): WebhookEndpoint => ({
  id: ID,
  url: 'https://crm.example.com/hooks',
  description: 'CRM sync',
  events: ['lead.created', 'lead.status_changed'],
  enabled: true,
  disabledReason: null,
  disabledAt: null,
  failingSince: null,
  secretHint: '…cmV0',
  previousSecretExpiresAt: null,
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
  ...overrides,
});

const delivery = (overrides: Partial<OutboundDelivery> = {}): OutboundDelivery => ({
  id: DELIVERY_ID,
  endpointId: ID,
  messageId: 'msg_9a8b7c6d5e4f4a3b8c2d1e0f9a8b7c6d',
  event: 'lead.created',
  state: 'pending',
  attempts: 2,
  lastStatusCode: 503,
  lastDurationMs: 42,
  lastResponseExcerpt: 'Service Unavailable',
  lastError: null,
  lastAttemptAt: '2026-12-01T10:00:05.000Z',
  nextAttemptAt: '2026-12-01T10:05:05.000Z',
  createdAt: '2026-12-01T10:00:00.000Z',
  ...overrides,
});

const page = (data: OutboundDelivery[]) => jsonResponse({ data, nextCursor: null });

describe('Webhooks settings', { timeout: 30_000 }, () => {
  it('lists endpoints with their events, state and deliveries', async () => {
    stubApi({
      'GET /api/v1/webhook-endpoints': [jsonResponse([endpoint(), endpoint({ id: 'b1b2b3b4-1d3f-4e5a-9b8c-7d6e5f4a3b2c', url: 'https://gone.example.com/x', enabled: false, disabledReason: 'The endpoint answered 410 Gone', disabledAt: '2026-12-02T10:00:00.000Z' })])],
      [`GET /api/v1/webhook-endpoints/${ID}/deliveries`]: [page([delivery()])],
      'GET /api/v1/webhook-endpoints/b1b2b3b4-1d3f-4e5a-9b8c-7d6e5f4a3b2c/deliveries': [page([])],
    });
    renderApp('/settings/webhooks');
    const card = await screen.findByRole('region', { name: 'https://crm.example.com/hooks' });
    expect(card).toHaveTextContent('lead.created');
    expect(card).toHaveTextContent('lead.status_changed');
    expect(card).toHaveTextContent('Secret …cmV0');
    expect(within(card).getByRole('switch', { name: 'Enabled' })).toBeChecked();
    const table = await within(card).findByRole('table', { name: 'Deliveries' });
    const headers = within(table).getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(expect.arrayContaining(['Event', 'Attempts', 'Status code', 'Duration', 'Response', 'Next attempt']));
    const row = within(table).getAllByRole('row')[1];
    expect(row).toHaveTextContent('lead.created');
    expect(row).toHaveTextContent('Pending');
    expect(row).toHaveTextContent('503');
    expect(row).toHaveTextContent('42 ms');
    expect(row).toHaveTextContent('Service Unavailable');
    const gone = screen.getByRole('region', { name: 'https://gone.example.com/x' });
    expect(gone).toHaveTextContent('Turned off automatically');
    expect(gone).toHaveTextContent('The endpoint answered 410 Gone');
    expect(within(gone).getByRole('switch', { name: 'Enabled' })).not.toBeChecked();
    expect(screen.getByRole('navigation', { name: 'Main navigation' })).toHaveTextContent('Webhooks');
  });

  it('adds an endpoint with the chosen events and shows its secret once', async () => {
    const calls = stubApi({
      'GET /api/v1/webhook-endpoints': [jsonResponse([]), jsonResponse([endpoint()])],
      'POST /api/v1/webhook-endpoints': [problemResponse(400, { code: 'webhook_url_refused', title: 'This webhook URL is not allowed', detail: 'The URL must use https.' }), jsonResponse({ ...endpoint(), secret: SECRET }, 201)],
      [`GET /api/v1/webhook-endpoints/${ID}/deliveries`]: [page([])],
    });
    const { user } = renderApp('/settings/webhooks');
    await user.click(await screen.findByRole('button', { name: 'Add endpoint' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a webhook endpoint' });
    // Checked before anything is sent.
    await user.click(within(dialog).getByRole('button', { name: 'Add endpoint' }));
    expect(within(dialog).getByText(/Enter an http\(s\) URL/)).toBeVisible();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    await user.type(within(dialog).getByRole('textbox', { name: /Endpoint URL/ }), 'http://crm.example.com/hooks');
    await user.type(within(dialog).getByRole('textbox', { name: 'Description' }), 'CRM sync');
    // Narrow "all lead events" down to two.
    await user.click(within(dialog).getByRole('checkbox', { name: /All lead events/ }));
    await user.click(within(dialog).getByRole('checkbox', { name: 'lead.created' }));
    await user.click(within(dialog).getByRole('checkbox', { name: 'lead.status_changed' }));
    await user.click(within(dialog).getByRole('button', { name: 'Add endpoint' }));
    expect(await within(dialog).findByText('The URL must use https.')).toBeVisible();

    const url = within(dialog).getByRole('textbox', { name: /Endpoint URL/ });
    await user.clear(url);
    await user.type(url, 'https://crm.example.com/hooks');
    await user.click(within(dialog).getByRole('button', { name: 'Add endpoint' }));
    expect(await within(dialog).findByRole('textbox', { name: 'Signing secret' })).toHaveValue(SECRET);
    expect(calls.filter((c) => c.method === 'POST').at(-1)?.body).toEqual({ url: 'https://crm.example.com/hooks', description: 'CRM sync', events: ['lead.created', 'lead.status_changed'] });
    await user.click(within(dialog).getByRole('button', { name: 'I have stored the secret' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await screen.findByRole('region', { name: 'https://crm.example.com/hooks' })).toBeVisible();
    expect(document.body).not.toHaveTextContent(SECRET);
  });

  it('sends a test, retries a delivery and turns the endpoint off', async () => {
    const calls = stubApi({
      'GET /api/v1/webhook-endpoints': [jsonResponse([endpoint()])],
      [`GET /api/v1/webhook-endpoints/${ID}/deliveries`]: [page([delivery({ state: 'failed', nextAttemptAt: null })])],
      [`POST /api/v1/webhook-endpoints/${ID}/test`]: [jsonResponse(delivery({ event: 'ping', state: 'succeeded', attempts: 1, lastStatusCode: 200, lastDurationMs: 12 }))],
      [`POST /api/v1/webhook-endpoints/deliveries/${DELIVERY_ID}/retry`]: [jsonResponse(delivery())],
      [`PATCH /api/v1/webhook-endpoints/${ID}`]: [jsonResponse(endpoint({ enabled: false }))],
    });
    const { user } = renderApp('/settings/webhooks');
    const card = await screen.findByRole('region', { name: 'https://crm.example.com/hooks' });
    await user.click(within(card).getByRole('button', { name: 'Send test' }));
    expect(await screen.findByText('The endpoint answered 200 in 12 ms.')).toBeVisible();
    await user.click(await within(card).findByRole('button', { name: 'Retry the lead.created delivery' }));
    expect(await screen.findByText('Retry queued')).toBeVisible();
    await user.click(within(card).getByRole('switch', { name: 'Enabled' }));
    await waitFor(() => expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ enabled: false }));
    expect(calls.some((c) => c.method === 'POST' && c.path.endsWith('/test'))).toBe(true);
  });

  it('rotates the secret and shows the new one once', async () => {
    stubApi({
      'GET /api/v1/webhook-endpoints': [jsonResponse([endpoint()])],
      [`GET /api/v1/webhook-endpoints/${ID}/deliveries`]: [page([])],
      [`POST /api/v1/webhook-endpoints/${ID}/rotate-secret`]: [jsonResponse({ ...endpoint({ previousSecretExpiresAt: '2026-12-08T10:00:00.000Z' }), secret: SECRET })],
    });
    const { user } = renderApp('/settings/webhooks');
    const card = await screen.findByRole('region', { name: 'https://crm.example.com/hooks' });
    await user.click(within(card).getByRole('button', { name: 'Rotate secret' }));
    const dialog = await screen.findByRole('dialog', { name: 'Rotate the signing secret?' });
    await user.click(within(dialog).getByRole('button', { name: 'Rotate secret' }));
    expect(await screen.findByRole('textbox', { name: 'Signing secret' })).toHaveValue(SECRET);
    expect(screen.getByRole('dialog', { name: 'Copy your new signing secret' })).toHaveTextContent('signed with the previous secret too');
  });

  it('is not offered without integrations:manage', async () => {
    stubApi({});
    renderApp('/settings/webhooks', { user: testUser(['leads:read']) });
    expect(await screen.findByText(/integrations:manage/)).toBeVisible();
    expect(screen.getByRole('navigation', { name: 'Main navigation' })).not.toHaveTextContent('Webhooks');
  });
});
