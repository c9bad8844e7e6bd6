import { screen, waitFor, within } from '@testing-library/react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { stubApi } from '@/testing/api-stub';
import { jsonResponse } from '@/testing/http';
import { renderApp } from '@/testing/render-app';
import type * as zohoConnect from '../api/zoho-connect';
import { goToZoho } from '../api/zoho-connect';
import { CONNECTION_ID, zohoConnectionDto } from '../testing/fixtures';

vi.mock('../api/zoho-connect', async (importOriginal) => ({ ...(await importOriginal<typeof zohoConnect>()), goToZoho: vi.fn() }));

const OAUTH = 'GET /api/v1/integrations/zoho/oauth';
const REDIRECT_URI = 'https://leads.example.com/api/v1/integrations/zoho/callback';
const available = { available: true, redirectUri: REDIRECT_URI, scopes: ['ZohoCRM.modules.leads.ALL', 'ZohoCRM.settings.fields.READ'] };
const ZOHO_URL = 'https://accounts.zoho.eu/oauth/v2/auth?client_id=1000.abc&state=s';

describe('Connect with Zoho', { timeout: 30_000 }, () => {
  beforeAll(() => {
    // Mantine's Select scrolls its options into view; jsdom has no layout.
    if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = () => undefined;
  });

  it('offers Connect with Zoho beside the self-client form, checks the fields, and sends the browser to Zoho', async () => {
    const calls = stubApi({
      'GET /api/v1/integrations/connections': [jsonResponse([])],
      [OAUTH]: [jsonResponse(available)],
      'POST /api/v1/integrations/zoho/authorize': [jsonResponse({ url: ZOHO_URL })],
    });
    const { user } = renderApp('/integrations');

    const card = await screen.findByRole('region', { name: 'Zoho CRM' });
    expect(within(card).getByRole('button', { name: 'Connect Zoho CRM' })).toBeVisible();
    await user.click(await within(card).findByRole('button', { name: 'Connect with Zoho' }));
    const dialog = await screen.findByRole('dialog', { name: 'Connect with Zoho' });
    expect(within(dialog).getByRole('textbox', { name: 'Redirect URI' })).toHaveValue(REDIRECT_URI);
    expect(within(dialog).getByRole('button', { name: 'Copy the redirect URI' })).toBeVisible();

    await user.click(within(dialog).getByRole('button', { name: 'Continue to Zoho' }));
    expect(within(dialog).getByText('Choose the data centre')).toBeVisible();
    expect(within(dialog).getByText('Paste the client ID')).toBeVisible();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    await user.click(within(dialog).getByRole('combobox', { name: 'Data centre' }));
    await user.click(await screen.findByRole('option', { name: 'Europe (zoho.eu)' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Client ID' }), '1000.abcdefgh');
    await user.type(within(dialog).getByLabelText(/Client secret/), 'secret-0123456789');
    await user.click(within(dialog).getByRole('button', { name: 'Continue to Zoho' }));

    await waitFor(() => expect(goToZoho).toHaveBeenCalledWith(ZOHO_URL));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ name: 'Zoho CRM', dataCentre: 'eu', clientId: '1000.abcdefgh', clientSecret: 'secret-0123456789' });
  });

  it('is not offered where the installation has no public URL', async () => {
    stubApi({
      'GET /api/v1/integrations/connections': [jsonResponse([])],
      [OAUTH]: [jsonResponse({ available: false, redirectUri: null, scopes: available.scopes })],
    });
    renderApp('/integrations');
    const card = await screen.findByRole('region', { name: 'Zoho CRM' });
    expect(within(card).getByRole('button', { name: 'Connect Zoho CRM' })).toBeVisible();
    await waitFor(() => expect(within(card).queryByRole('button', { name: 'Connect with Zoho' })).not.toBeInTheDocument());
  });

  it('says in plain words why Zoho’s sign-in did not connect', async () => {
    stubApi({ 'GET /api/v1/integrations/connections': [jsonResponse([])], [OAUTH]: [jsonResponse(available)] });
    renderApp('/integrations?zoho_error=expired');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Zoho CRM was not connected');
    expect(alert).toHaveTextContent('took longer than 10 minutes or was already used');
  });

  it('shows the result on the connection page, and reconnects a connection through Zoho', async () => {
    const zoho = zohoConnectionDto();
    const calls = stubApi({
      [`GET /api/v1/integrations/connections/${CONNECTION_ID}`]: [jsonResponse(zoho)],
      [`GET /api/v1/integrations/connections/${CONNECTION_ID}/runs`]: [jsonResponse({ data: [], nextCursor: null })],
      'GET /api/v1/integrations/connections': [jsonResponse([zoho])],
      [OAUTH]: [jsonResponse(available)],
      'POST /api/v1/integrations/zoho/authorize': [jsonResponse({ url: ZOHO_URL })],
    });
    const { user } = renderApp(`/integrations/${CONNECTION_ID}?zoho=connected`);
    expect(await screen.findByText('Zoho CRM is connected')).toBeVisible();
    expect(screen.getByText(/The first sync starts within a minute/)).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(screen.queryByText('Zoho CRM is connected')).not.toBeInTheDocument());

    await user.click(await screen.findByRole('button', { name: 'Reconnect with Zoho' }));
    await waitFor(() => expect(goToZoho).toHaveBeenCalledWith(ZOHO_URL));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ connectionId: CONNECTION_ID });
  });

  it('shows a refused code on the connection page of a reconnect', async () => {
    const zoho = zohoConnectionDto({ status: 'needs_attention' });
    stubApi({
      [`GET /api/v1/integrations/connections/${CONNECTION_ID}`]: [jsonResponse(zoho)],
      [`GET /api/v1/integrations/connections/${CONNECTION_ID}/runs`]: [jsonResponse({ data: [], nextCursor: null })],
      'GET /api/v1/integrations/connections': [jsonResponse([zoho])],
      [OAUTH]: [jsonResponse(available)],
    });
    renderApp(`/integrations/${CONNECTION_ID}?zoho_error=refused`);
    // The page also says the connection needs attention.
    const alert = (await screen.findAllByRole('alert')).find((a) => a.textContent?.includes('Zoho CRM was not connected'));
    expect(alert).toHaveTextContent('Zoho refused the authorization code or the client ID and secret');
  });
});
