import { screen, waitFor, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { stubApi } from '@/testing/api-stub';
import { jsonResponse, problemResponse } from '@/testing/http';
import { renderApp } from '@/testing/render-app';
import { CONNECTION_ID, RUN_ID, connectionDto, syncRunDto, zohoConnectionDto } from '../testing/fixtures';

const LIST = '/api/v1/integrations/connections';
const BASE = `${LIST}/${CONNECTION_ID}`;

describe('Pull connections: connect forms', { timeout: 90_000 }, () => {
  beforeAll(() => {
    if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = () => undefined;
  });

  it('connects Zoho CRM: checks the fields, tests without saving, shows the API’s errors per field, then creates it', async () => {
    const created = zohoConnectionDto({ name: 'Zoho EU' });
    const calls = stubApi({
      [`GET ${LIST}`]: [jsonResponse([])],
      [`POST ${LIST}/test`]: [
        problemResponse(400, { code: 'validation_failed', detail: 'The request is invalid', errors: [{ field: 'credentials.clientId', message: 'clientId must be the Zoho clientId (8 to 500 characters, no spaces)' }] }),
        jsonResponse({ ok: false, message: 'Zoho refused the refresh token (invalid_code): reconnect' }),
        jsonResponse({ ok: true, message: 'Connected to Zoho CRM' }),
      ],
      [`POST ${LIST}`]: [jsonResponse(created, 201)],
      [`GET ${BASE}`]: [jsonResponse(created)],
      [`GET ${BASE}/runs`]: [jsonResponse({ data: [], nextCursor: null })],
    });
    const { user, router } = renderApp('/integrations');

    const card = await screen.findByRole('region', { name: 'Zoho CRM' });
    expect(card).toHaveTextContent('Not connected');
    await user.click(within(card).getByRole('button', { name: 'Connect Zoho CRM' }));
    const dialog = await screen.findByRole('dialog', { name: 'Connect Zoho CRM' });
    expect(dialog).toHaveTextContent('Self Client');
    expect(dialog).toHaveTextContent('ZohoCRM.modules.leads.ALL');

    // Nothing filled in: our own checks, no request.
    await user.click(within(dialog).getByRole('button', { name: 'Test' }));
    expect(await within(dialog).findByText('Choose the data centre')).toBeVisible();
    expect(within(dialog).getByText('Paste the client id')).toBeVisible();
    expect(calls.filter((c) => c.path === `${LIST}/test`)).toHaveLength(0);

    await user.click(within(dialog).getByRole('combobox', { name: 'Data centre' }));
    await user.click(await screen.findByRole('option', { name: 'Europe (zoho.eu)' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Client ID' }), '1000.short');
    await user.type(within(dialog).getByLabelText(/^Client secret/, { selector: 'input' }), 'secret-0123456789');
    await user.type(within(dialog).getByLabelText(/^Refresh token/, { selector: 'input' }), '1000.refresh-0123456789');

    // The API's field error lands under its field.
    await user.click(within(dialog).getByRole('button', { name: 'Test' }));
    expect(await within(dialog).findByText(/clientId must be the Zoho clientId/)).toBeVisible();
    expect(within(dialog).getByRole('textbox', { name: 'Client ID' })).toHaveAttribute('aria-invalid', 'true');

    await user.click(within(dialog).getByRole('button', { name: 'Test' }));
    expect(await within(dialog).findByText('The test failed')).toBeVisible();
    expect(within(dialog).getByText(/Zoho refused the refresh token/)).toBeVisible();

    await user.click(within(dialog).getByRole('button', { name: 'Test' }));
    expect(await within(dialog).findByText('The credentials work')).toBeVisible();
    const tests = calls.filter((c) => c.path === `${LIST}/test`);
    expect(tests[2]?.body).toEqual({ provider: 'zoho', credentials: { dataCentre: 'eu', clientId: '1000.short', clientSecret: 'secret-0123456789', refreshToken: '1000.refresh-0123456789' } });

    const name = within(dialog).getByRole('textbox', { name: 'Name' });
    await user.clear(name);
    await user.type(name, 'Zoho EU');
    const interval = within(dialog).getByRole('textbox', { name: 'Sync every (minutes)' });
    await user.clear(interval);
    await user.type(interval, '15');
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/integrations/${CONNECTION_ID}`));
    expect(calls.find((c) => c.method === 'POST' && c.path === LIST)?.body).toEqual({
      provider: 'zoho',
      name: 'Zoho EU',
      credentials: { dataCentre: 'eu', clientId: '1000.short', clientSecret: 'secret-0123456789', refreshToken: '1000.refresh-0123456789' },
      syncIntervalMinutes: 15,
      config: {},
    });
  });

  it('connects Google Calendar with its calendar and team domains, and refuses a domain that is not one', async () => {
    const calls = stubApi({
      [`GET ${LIST}`]: [jsonResponse([])],
      [`POST ${LIST}`]: [jsonResponse(connectionDto({ provider: 'google_calendar', name: 'Google Calendar' }), 201)],
      [`GET ${BASE}`]: [jsonResponse(connectionDto({ provider: 'google_calendar', name: 'Google Calendar', sync: { intervalMinutes: 5, paused: false, nextSyncAt: null } }))],
      [`GET ${BASE}/runs`]: [jsonResponse({ data: [], nextCursor: null })],
    });
    const { user, router } = renderApp('/integrations');
    await user.click(await screen.findByRole('button', { name: 'Connect Google Calendar' }));
    const dialog = await screen.findByRole('dialog', { name: 'Connect Google Calendar' });
    expect(dialog).toHaveTextContent('https://www.googleapis.com/auth/calendar.readonly');
    await user.type(within(dialog).getByRole('textbox', { name: 'OAuth client ID' }), '123-abc.apps.googleusercontent.com');
    await user.type(within(dialog).getByLabelText(/^OAuth client secret/, { selector: 'input' }), 'GOCSPX-secret');
    await user.type(within(dialog).getByLabelText(/^Refresh token/, { selector: 'input' }), '1//refresh-token');
    expect(within(dialog).getByRole('textbox', { name: 'Calendar ID' })).toHaveValue('primary');
    const domains = within(dialog).getByRole('textbox', { name: 'Your team’s email domains' });
    await user.type(domains, 'acme.com, not a domain');
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));
    expect(await within(dialog).findByText(/Email domains only/)).toBeVisible();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
    await user.clear(domains);
    await user.type(domains, '@Acme.com, acme.co.uk');
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/integrations/${CONNECTION_ID}`));
    expect(calls.find((c) => c.method === 'POST')?.body).toMatchObject({
      provider: 'google_calendar',
      credentials: { clientId: '123-abc.apps.googleusercontent.com', clientSecret: 'GOCSPX-secret', refreshToken: '1//refresh-token' },
      config: { calendarId: 'primary', teamDomains: ['acme.com', 'acme.co.uk'] },
    });
  });

  it('connects Zoom with its optional webhook secret token left out', async () => {
    const calls = stubApi({
      [`GET ${LIST}`]: [jsonResponse([])],
      [`POST ${LIST}/test`]: [jsonResponse({ ok: true, message: 'Connected to Zoom' })],
      [`POST ${LIST}`]: [problemResponse(400, { code: 'validation_failed', detail: 'The request is invalid', errors: [{ field: 'credentials.accountId', message: 'accountId is not a Zoom account id' }] })],
    });
    const { user } = renderApp('/integrations');
    await user.click(await screen.findByRole('button', { name: 'Connect Zoom' }));
    const dialog = await screen.findByRole('dialog', { name: 'Connect Zoom' });
    expect(dialog).toHaveTextContent('Server-to-Server OAuth');
    await user.type(within(dialog).getByRole('textbox', { name: 'Account ID' }), 'acct_123');
    await user.type(within(dialog).getByRole('textbox', { name: 'Client ID' }), 'zoomClientId');
    await user.type(within(dialog).getByLabelText(/^Client secret/, { selector: 'input' }), 'zoomClientSecret');
    await user.click(within(dialog).getByRole('button', { name: 'Test' }));
    expect(await within(dialog).findByText('Connected to Zoom')).toBeVisible();
    expect(calls.find((c) => c.path === `${LIST}/test`)?.body).toEqual({ provider: 'zoom', credentials: { accountId: 'acct_123', clientId: 'zoomClientId', clientSecret: 'zoomClientSecret' } });
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));
    expect(await within(dialog).findByText('accountId is not a Zoom account id')).toBeVisible();
    expect(calls.find((c) => c.method === 'POST' && c.path === LIST)?.body).toMatchObject({ provider: 'zoom', credentials: { accountId: 'acct_123' } });
  });
});

describe('Pull connections: the connection page', { timeout: 30_000 }, () => {
  beforeAll(() => {
    if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = () => undefined;
  });

  it('shows the schedule, next run and last error, and runs Sync now, a confirmed Full resync and Pause', async () => {
    const zoho = zohoConnectionDto({ lastError: 'Zoho answered 503 three times: the next run tries again', lastErrorAt: '2026-12-06T10:10:00.000Z' });
    const calls = stubApi({
      [`GET ${BASE}`]: [jsonResponse(zoho)],
      [`GET ${BASE}/runs`]: [jsonResponse({ data: [], nextCursor: null })],
      [`POST ${BASE}/sync`]: [jsonResponse({ queued: 2 }, 202)],
      [`POST ${BASE}/pause`]: [jsonResponse({ ...zoho, sync: { ...zoho.sync!, paused: true } })],
      [`GET ${LIST}`]: [jsonResponse([zoho])],
    });
    const { user } = renderApp(`/integrations/${CONNECTION_ID}`);

    const sync = await screen.findByRole('region', { name: 'Sync' });
    expect(sync).toHaveTextContent('Every 5 minutes');
    expect(sync).toHaveTextContent('Zoho answered 503 three times: the next run tries again');
    expect(screen.queryByRole('button', { name: 'Rotate secret' })).not.toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Deliveries' })).not.toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Setup' })).toHaveTextContent('Refresh token …a5b6');

    await user.click(within(sync).getByRole('button', { name: 'Sync now' }));
    expect(await screen.findByText('Sync queued')).toBeVisible();
    expect(calls.find((c) => c.path === `${BASE}/sync`)?.body).toEqual({});

    await user.click(within(sync).getByRole('button', { name: 'Full resync' }));
    const confirm = await screen.findByRole('dialog', { name: 'Read everything again?' });
    expect(confirm).toHaveTextContent('reads every record from Zoho CRM again, from the beginning');
    expect(confirm).toHaveTextContent('nothing is deleted');
    expect(calls.filter((c) => c.path === `${BASE}/sync`)).toHaveLength(1);
    await user.click(within(confirm).getByRole('button', { name: 'Start the full resync' }));
    expect(await screen.findByText('Full resync queued')).toBeVisible();
    expect(calls.filter((c) => c.path === `${BASE}/sync`)[1]?.body).toEqual({ full: true });

    await user.click(within(sync).getByRole('button', { name: 'Pause' }));
    expect(await within(sync).findByRole('button', { name: 'Resume' })).toBeVisible();
    expect(sync).toHaveTextContent('Paused: it runs only when you press Sync now.');
  });

  it('saves the schedule and the Zoho push settings, keeping the rest of the config', async () => {
    const zoho = zohoConnectionDto({ config: { note: 'kept' } });
    const calls = stubApi({
      [`GET ${BASE}`]: [jsonResponse(zoho)],
      [`GET ${BASE}/runs`]: [jsonResponse({ data: [], nextCursor: null })],
      [`PATCH ${BASE}`]: (call) => jsonResponse({ ...zoho, ...(call.body as object) }),
      [`GET ${LIST}`]: [jsonResponse([zoho])],
    });
    const { user } = renderApp(`/integrations/${CONNECTION_ID}`);
    const sync = await screen.findByRole('region', { name: 'Sync' });

    const interval = within(sync).getByRole('textbox', { name: 'Sync every (minutes)' });
    await user.clear(interval);
    await user.click(within(sync).getByRole('button', { name: 'Save schedule' }));
    expect(await within(sync).findByText('Between 1 and 1440 minutes')).toBeVisible();
    await user.clear(interval);
    await user.type(interval, '30');
    await user.click(within(sync).getByRole('button', { name: 'Save schedule' }));
    expect(await screen.findByText('Schedule saved')).toBeVisible();
    expect(calls.filter((c) => c.method === 'PATCH')[0]?.body).toEqual({ syncIntervalMinutes: 30 });

    const push = within(sync).getByRole('form', { name: 'Push to Zoho CRM' });
    expect(within(push).getByRole('radio', { name: 'Converted' })).toBeDisabled();
    await user.click(within(push).getByRole('switch', { name: 'Push leads to Zoho CRM' }));
    await user.click(within(push).getByRole('radio', { name: 'Converted' }));
    await user.click(within(push).getByRole('button', { name: 'Save push settings' }));
    expect(await screen.findByText('Push settings saved')).toBeVisible();
    expect(calls.filter((c) => c.method === 'PATCH')[1]?.body).toEqual({ config: { note: 'kept', push: { enabled: true, on: 'converted' } } });
  });

  it('lists the runs with their counts, loads older ones, shows a run’s failed records and refreshes while one runs', async () => {
    let listed = 0;
    const calls = stubApi({
      [`GET ${BASE}`]: [jsonResponse(zohoConnectionDto())],
      [`GET ${BASE}/runs`]: (call) => {
        const cursor = new URLSearchParams(call.search).get('cursor');
        if (cursor === 'older') {
          return jsonResponse({ data: [syncRunDto({ id: 'b2b2b2b2-0000-4000-8000-00000000000b', trigger: 'schedule', status: 'failed', failed: 0, error: 'Zoho refused the refresh token: reconnect', startedAt: '2026-12-06T09:00:00.000Z' })], nextCursor: null });
        }
        listed += 1;
        const first = syncRunDto({ status: listed === 1 ? 'running' : 'succeeded', finishedAt: listed === 1 ? null : '2026-12-06T10:15:02.500Z' });
        return jsonResponse({ data: [first], nextCursor: 'older' });
      },
      [`GET ${BASE}/runs/${RUN_ID}/failures`]: [jsonResponse([{ sourceRef: '4150868000000224005', error: 'at least one of email or phone is required', createdAt: '2026-12-06T10:15:01.000Z' }])],
    });
    const { user } = renderApp(`/integrations/${CONNECTION_ID}`);

    const table = await screen.findByRole('table', { name: 'Sync runs' });
    let row = within(table).getAllByRole('row')[1]!;
    expect(row).toHaveTextContent('Leads');
    expect(row).toHaveTextContent('Sync now');
    expect(row).toHaveTextContent('Running');
    // It refreshes by itself until the run has finished.
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Sync runs' })).getAllByRole('row')[1]).toHaveTextContent('Succeeded'), { timeout: 8_000 });
    row = within(screen.getByRole('table', { name: 'Sync runs' })).getAllByRole('row')[1]!;
    const cells = within(row).getAllByRole('cell').map((cell) => cell.textContent);
    expect(cells.slice(4, 11)).toEqual(['12', '7', '1', '2', '1', '0', '1']);
    expect(row).toHaveTextContent('2.5 s');

    await user.click(screen.getByRole('button', { name: 'Load older runs' }));
    expect(await screen.findByText('Zoho refused the refresh token: reconnect')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Load older runs' })).not.toBeInTheDocument();
    expect(calls.some((c) => c.path === `${BASE}/runs` && new URLSearchParams(c.search).get('cursor') === 'older')).toBe(true);

    await user.click(within(row).getByRole('button', { name: 'Show the 1 failed records' }));
    const dialog = await screen.findByRole('dialog', { name: 'Records this run could not store' });
    expect(await within(dialog).findByRole('table', { name: 'Failed records' })).toHaveTextContent('4150868000000224005');
    expect(dialog).toHaveTextContent('at least one of email or phone is required');
  });
});
