import { act, screen, waitFor, within } from '@testing-library/react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { stubApi } from '@/testing/api-stub';
import { jsonResponse, requestedUrl } from '@/testing/http';
import { renderApp } from '@/testing/render-app';
import { CONNECTION_ID, DELIVERY_ID, LEAD_ID, connectionDto, deliveryDetailDto, deliveryDto } from '../testing/fixtures';

const BASE = `/api/v1/integrations/connections/${CONNECTION_ID}`;
const SECRET = 'whsec_bmV3LXNlY3JldC1mb3ItdGVzdHMtMDEyMzQ1Njc4OQ==';

// The live stream, held open: the test writes SSE frames into it.
function liveStream() {
  let push: (frame: string) => void = () => undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const encoder = new TextEncoder();
      push = (frame) => controller.enqueue(encoder.encode(frame));
    },
  });
  return {
    response: () => new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
    send: (frame: string) => push(frame),
  };
}

describe('Connection page', { timeout: 30_000 }, () => {
  // jsdom has no scrollIntoView, which the state dropdown calls on its selected option.
  beforeAll(() => {
    if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = () => undefined;
  });

  it('shows the status with the last error in plain words, the setup and the deliveries', async () => {
    stubApi({
      [`GET ${BASE}`]: [
        jsonResponse(connectionDto({ status: 'needs_attention', lastError: 'Acuity refused the API key (401): check the User ID and API key.', lastErrorAt: '2026-12-06T10:00:00.000Z' })),
      ],
      [`GET ${BASE}/deliveries`]: [
        jsonResponse({
          data: [deliveryDto(), deliveryDto({ id: 'd2d2d2d2-0000-4000-8000-000000000002', state: 'failed', leadId: null, attempts: 3, lastError: 'Acuity answered 500' })],
          nextCursor: null,
        }),
      ],
    });
    renderApp(`/integrations/${CONNECTION_ID}`);

    expect(await screen.findByRole('heading', { level: 1, name: 'Acuity: sales calendar' })).toBeVisible();
    expect(screen.getByText('This connection needs attention')).toBeVisible();
    expect(screen.getByText('Acuity refused the API key (401): check the User ID and API key.')).toBeVisible();
    expect(screen.getByRole('textbox', { name: 'Webhook URL' })).toHaveValue(connectionDto().webhookUrl);
    expect(screen.queryByRole('button', { name: 'Rotate secret' })).not.toBeInTheDocument();

    const table = await screen.findByRole('table', { name: 'Deliveries' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('Processed');
    expect(rows[0]).toHaveTextContent('scheduled');
    expect(within(rows[0]).getByRole('link', { name: 'Open lead' })).toHaveAttribute('href', `/leads/${LEAD_ID}`);
    expect(rows[1]).toHaveTextContent('Failed');
    expect(rows[1]).toHaveTextContent('Acuity answered 500');
    expect(rows[1]).toHaveTextContent('3');
  });

  it('filters by state and loads more with the cursor', async () => {
    const calls = stubApi({
      [`GET ${BASE}`]: [jsonResponse(connectionDto())],
      [`GET ${BASE}/deliveries`]: (call) => {
        const query = new URLSearchParams(call.search);
        if (query.get('cursor') === 'next-1') return jsonResponse({ data: [deliveryDto({ id: 'd3d3d3d3-0000-4000-8000-000000000003', action: 'canceled' })], nextCursor: null });
        if (query.get('state') === 'failed') return jsonResponse({ data: [], nextCursor: null });
        return jsonResponse({ data: [deliveryDto()], nextCursor: 'next-1' });
      },
    });
    const { user } = renderApp(`/integrations/${CONNECTION_ID}`);

    await screen.findByRole('table', { name: 'Deliveries' });
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Deliveries' })).getAllByRole('row')).toHaveLength(3));
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();

    await user.click(screen.getAllByLabelText('State')[0]);
    await user.click(await screen.findByRole('option', { name: 'Failed' }));
    expect(await screen.findByText('No failed deliveries.')).toBeVisible();
    const listCalls = calls.filter((c) => c.path === `${BASE}/deliveries`).map((c) => Object.fromEntries(new URLSearchParams(c.search)));
    expect(listCalls).toContainEqual({ limit: '50', cursor: 'next-1' });
    expect(listCalls).toContainEqual({ limit: '50', state: 'failed' });
  });

  it('opens a delivery with its headers, body and result, and replays it', async () => {
    const calls = stubApi({
      [`GET ${BASE}`]: [jsonResponse(connectionDto())],
      [`GET ${BASE}/deliveries`]: [jsonResponse({ data: [deliveryDto({ state: 'dead', lastError: 'Acuity answered 500' })], nextCursor: null })],
      [`GET ${BASE}/deliveries/${DELIVERY_ID}`]: [
        jsonResponse(deliveryDetailDto({ state: 'dead', lastError: 'Acuity answered 500' })),
        jsonResponse(deliveryDetailDto()),
      ],
      [`POST ${BASE}/deliveries/${DELIVERY_ID}/replay`]: [jsonResponse({ deliveryId: DELIVERY_ID, queued: true }, 202)],
    });
    const { user } = renderApp(`/integrations/${CONNECTION_ID}`);

    const table = await screen.findByRole('table', { name: 'Deliveries' });
    await user.click(within(table).getByRole('button', { name: /2026|Dec/ }));
    const drawer = await screen.findByRole('dialog', { name: 'Delivery' });
    expect(await within(drawer).findByText('Gave up')).toBeVisible();
    expect(within(drawer).getByRole('table', { name: 'Headers' })).toHaveTextContent('x-acuity-signature');
    expect(within(drawer).getByLabelText('Body')).toHaveTextContent('action = scheduled');
    expect(drawer).toHaveTextContent('"appointmentId": "42"');
    expect(within(drawer).getByRole('link', { name: 'Open the lead' })).toHaveAttribute('href', `/leads/${LEAD_ID}`);

    await user.click(within(drawer).getByRole('button', { name: 'Replay' }));
    expect(await screen.findByText('Replay queued')).toBeVisible();
    expect(calls.filter((c) => c.method === 'POST' && c.path.endsWith('/replay'))).toHaveLength(1);
    // The live stream (or the refetch after the replay) brings the new state.
    await waitFor(() => expect(within(drawer).queryByText('Gave up')).not.toBeInTheDocument());
    expect(within(drawer).queryByText('Last error')).not.toBeInTheDocument();
  });

  it('refreshes the deliveries when the live stream announces a change', async () => {
    const stream = liveStream();
    let listed = 0;
    stubApi({
      [`GET ${BASE}`]: [jsonResponse(connectionDto())],
      [`GET ${BASE}/deliveries`]: () => {
        listed += 1;
        return jsonResponse({ data: listed === 1 ? [] : [deliveryDto()], nextCursor: null });
      },
    });
    renderApp(`/integrations/${CONNECTION_ID}`);
    // The session's stub answers the stream 503; this one, installed before the app's first attempt, holds it open.
    const appFetch = globalThis.fetch;
    vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) =>
      new URL(requestedUrl(input), document.baseURI).pathname === '/api/v1/events' ? Promise.resolve(stream.response()) : appFetch(input, init),
    );

    expect(await screen.findByText(/No deliveries yet/)).toBeVisible();
    expect(listed).toBe(1);
    await act(async () => {
      stream.send('event: ready\ndata: {"resumed":false}\nid: abc\n\n');
      stream.send('event: delivery.changed\ndata: {"ids":[],"count":1}\nid: abd\n\n');
    });
    expect(await screen.findByRole('table', { name: 'Deliveries' })).toHaveTextContent('Processed');
  });

  it('disables, rotates the secret of a webhook source (shown once) and deletes after typing the name', async () => {
    const source = connectionDto({ provider: 'webhook', name: 'Cal.com', credentials: {} });
    const calls = stubApi({
      [`GET ${BASE}`]: [jsonResponse(source)],
      [`GET ${BASE}/deliveries`]: [jsonResponse({ data: [], nextCursor: null })],
      [`POST ${BASE}/disable`]: [jsonResponse({ ...source, status: 'disabled' })],
      [`POST ${BASE}/rotate-secret`]: [jsonResponse({ ...source, status: 'disabled', secret: SECRET })],
      [`DELETE ${BASE}`]: [new Response(null, { status: 204 })],
      'GET /api/v1/integrations/connections': [jsonResponse([])],
    });
    const { user, router } = renderApp(`/integrations/${CONNECTION_ID}`);

    await user.click(await screen.findByRole('button', { name: 'Disable' }));
    expect(await screen.findByRole('button', { name: 'Enable' })).toBeVisible();
    expect(screen.getAllByText('Disabled').length).toBeGreaterThan(0);

    await user.click(screen.getByRole('button', { name: 'Rotate secret' }));
    let dialog = await screen.findByRole('dialog', { name: 'Rotate the signing secret?' });
    await user.click(within(dialog).getByRole('button', { name: 'Rotate secret' }));
    dialog = await screen.findByRole('dialog', { name: 'Copy your new signing secret' });
    expect(within(dialog).getByRole('textbox', { name: 'Signing secret' })).toHaveValue(SECRET);
    expect(dialog).toHaveTextContent('previous secret keeps working for 24 hours');
    await user.click(within(dialog).getByRole('button', { name: 'I have stored the secret' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(document.body).not.toHaveTextContent(SECRET);

    await user.click(screen.getByRole('button', { name: 'Delete' }));
    dialog = await screen.findByRole('dialog', { name: 'Delete “Cal.com”?' });
    const confirm = within(dialog).getByRole('button', { name: 'Delete connection' });
    expect(confirm).toBeDisabled();
    await user.type(within(dialog).getByRole('textbox', { name: 'Type “Cal.com” to confirm' }), 'Cal.co');
    expect(confirm).toBeDisabled();
    await user.type(within(dialog).getByRole('textbox', { name: 'Type “Cal.com” to confirm' }), 'm');
    await user.click(confirm);
    await waitFor(() => expect(router.state.location.pathname).toBe('/integrations'));
    expect(calls.filter((c) => c.method === 'DELETE')).toHaveLength(1);
  });

  it('replaces Acuity credentials from the edit dialog', async () => {
    const calls = stubApi({
      [`GET ${BASE}`]: [jsonResponse(connectionDto())],
      [`GET ${BASE}/deliveries`]: [jsonResponse({ data: [], nextCursor: null })],
      [`PATCH ${BASE}`]: [jsonResponse(connectionDto({ name: 'Acuity: main' }))],
      'GET /api/v1/integrations/connections': [jsonResponse([])],
    });
    const { user } = renderApp(`/integrations/${CONNECTION_ID}`);
    await user.click(await screen.findByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit “Acuity: sales calendar”' });
    await user.type(within(dialog).getByRole('textbox', { name: 'New User ID' }), '654321');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText(/give both the User ID/)).toBeVisible();
    await user.type(within(dialog).getByLabelText('New API key'), 'fresh-key');
    await user.clear(within(dialog).getByRole('textbox', { name: 'Name' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Acuity: main');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Connection saved')).toBeVisible();
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ name: 'Acuity: main', credentials: { userId: '654321', apiKey: 'fresh-key' } });
  });
});
