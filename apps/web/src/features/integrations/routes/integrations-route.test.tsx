import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { stubApi } from '@/testing/api-stub';
import { jsonResponse, problemResponse } from '@/testing/http';
import { renderApp } from '@/testing/render-app';
import { testUser } from '@/testing/session';
import { CONNECTION_ID, connectionDto } from '../testing/fixtures';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const WEBHOOK_ID = '0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70';

describe('Integrations page', { timeout: 30_000 }, () => {
  it('shows a card per provider with its state and connections', async () => {
    stubApi({
      'GET /api/v1/integrations/connections': [jsonResponse([connectionDto({ status: 'needs_attention' })])],
    });
    renderApp('/integrations');

    const acuity = await screen.findByRole('region', { name: 'Acuity Scheduling' });
    expect(acuity).toHaveTextContent('Needs attention');
    expect(within(acuity).getByRole('link', { name: 'Acuity: sales calendar' })).toHaveAttribute('href', `/integrations/${CONNECTION_ID}`);
    const webhook = screen.getByRole('region', { name: 'Generic signed webhook' });
    expect(webhook).toHaveTextContent('Not connected');
    expect(within(webhook).getByRole('button', { name: 'Create a webhook source' })).toBeVisible();
    expect(screen.getByRole('navigation', { name: 'Main navigation' })).toHaveTextContent('Integrations');
  });

  it('is not offered without integrations:manage', async () => {
    stubApi({});
    renderApp('/integrations', { user: testUser(['leads:read']) });
    expect(await screen.findByText(/integrations:manage/)).toBeVisible();
    expect(screen.getByRole('navigation', { name: 'Main navigation' })).not.toHaveTextContent('Integrations');
  });

  it('connects Acuity, tests it and shows the webhook URL with the steps to paste it', async () => {
    const created = connectionDto();
    const calls = stubApi({
      'GET /api/v1/integrations/connections': [jsonResponse([]), jsonResponse([created])],
      'POST /api/v1/integrations/connections': [jsonResponse(created, 201)],
      [`POST /api/v1/integrations/connections/${CONNECTION_ID}/test`]: [jsonResponse({ ok: true, message: 'Connected to Acuity as Fake Studio.' })],
      [`GET /api/v1/integrations/connections/${CONNECTION_ID}`]: [jsonResponse(created)],
    });
    const { user } = renderApp('/integrations');

    await user.click(await screen.findByRole('button', { name: 'Connect Acuity' }));
    let dialog = await screen.findByRole('dialog', { name: 'Connect Acuity Scheduling' });
    // Checked before anything is sent.
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));
    expect(within(dialog).getByText('The User ID is a number, e.g. 123456')).toBeVisible();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    await user.clear(within(dialog).getByRole('textbox', { name: 'Name' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Acuity: sales calendar');
    await user.type(within(dialog).getByRole('textbox', { name: 'User ID' }), '123456');
    await user.type(within(dialog).getByLabelText(/API key/), 'key-abc');
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));

    dialog = await screen.findByRole('dialog', { name: 'Acuity is connected' });
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ provider: 'acuity', name: 'Acuity: sales calendar', credentials: { userId: '123456', apiKey: 'key-abc' } });
    expect(within(dialog).getByRole('textbox', { name: 'Webhook URL' })).toHaveValue(created.webhookUrl);
    expect(within(dialog).getByRole('button', { name: 'Copy the webhook URL' })).toBeVisible();
    expect(dialog).toHaveTextContent('Integrations → API → Webhooks');
    expect(dialog).toHaveTextContent('Appointment scheduled');

    await user.click(within(dialog).getByRole('button', { name: 'Test the connection' }));
    expect(await within(dialog).findByText('Connected to Acuity as Fake Studio.')).toBeVisible();
    expect(within(dialog).getByText('Acuity accepted the credentials')).toBeVisible();
  });

  it('connects Twilio (SMS) with the account SID, auth token and sending number, then tests it', async () => {
    const created = connectionDto({ provider: 'twilio', name: 'Twilio (SMS)', config: { fromNumber: '+14155552671' } });
    const calls = stubApi({
      'GET /api/v1/integrations/connections': [jsonResponse([]), jsonResponse([created])],
      'POST /api/v1/integrations/connections': [jsonResponse(created, 201)],
      [`POST /api/v1/integrations/connections/${CONNECTION_ID}/test`]: [jsonResponse({ ok: true, message: 'Connected to Twilio (SMS)' })],
    });
    const { user } = renderApp('/integrations');

    const card = await screen.findByRole('region', { name: 'Twilio (SMS)' });
    await user.click(within(card).getByRole('button', { name: 'Connect Twilio (SMS)' }));
    let dialog = await screen.findByRole('dialog', { name: 'Connect Twilio (SMS)' });
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));
    expect(within(dialog).getByText('Enter the number in international form, e.g. +14155552671')).toBeVisible();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    await user.type(within(dialog).getByRole('textbox', { name: /Account SID/ }), `AC${'a'.repeat(32)}`);
    await user.type(within(dialog).getByLabelText(/Auth token/), 'token1234567890abcdef');
    await user.type(within(dialog).getByRole('textbox', { name: /From number/ }), '+1 415 555 2671');
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));

    dialog = await screen.findByRole('dialog', { name: 'Twilio is connected' });
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      provider: 'twilio',
      name: 'Twilio (SMS)',
      credentials: { accountSid: `AC${'a'.repeat(32)}`, authToken: 'token1234567890abcdef' },
      config: { fromNumber: '+14155552671' },
    });
    await user.click(within(dialog).getByRole('button', { name: 'Test the connection' }));
    expect(await within(dialog).findByText('Connected to Twilio (SMS)')).toBeVisible();
    expect(within(dialog).getByText('Twilio accepted the credentials')).toBeVisible();
  });

  it('shows the refusal of a failed test in the provider’s words', async () => {
    const created = connectionDto();
    stubApi({
      'GET /api/v1/integrations/connections': [jsonResponse([])],
      'POST /api/v1/integrations/connections': [jsonResponse(created, 201)],
      [`POST /api/v1/integrations/connections/${CONNECTION_ID}/test`]: [jsonResponse({ ok: false, message: 'Acuity refused the User ID or API key (401).' })],
      [`GET /api/v1/integrations/connections/${CONNECTION_ID}`]: [jsonResponse(created)],
    });
    const { user } = renderApp('/integrations');
    await user.click(await screen.findByRole('button', { name: 'Connect Acuity' }));
    const form = await screen.findByRole('dialog', { name: 'Connect Acuity Scheduling' });
    await user.type(within(form).getByRole('textbox', { name: 'User ID' }), '123456');
    await user.type(within(form).getByLabelText(/API key/), 'wrong');
    await user.click(within(form).getByRole('button', { name: 'Connect' }));
    const dialog = await screen.findByRole('dialog', { name: 'Acuity is connected' });
    await user.click(within(dialog).getByRole('button', { name: 'Test the connection' }));
    expect(await within(dialog).findByText('Acuity refused the User ID or API key (401).')).toBeVisible();
    expect(within(dialog).getByText('The test failed')).toBeVisible();
  });

  it('creates a webhook source and shows its secret once, with signing examples', async () => {
    const created = connectionDto({ id: WEBHOOK_ID, provider: 'webhook', name: 'Cal.com via n8n', credentials: {}, webhookUrl: `https://leads.example.com/api/v1/webhooks/${WEBHOOK_ID}` });
    stubApi({
      'GET /api/v1/integrations/connections': [jsonResponse([]), jsonResponse([created])],
      'POST /api/v1/integrations/connections': [jsonResponse({ ...created, secret: SECRET }, 201)],
    });
    const { user } = renderApp('/integrations');

    await user.click(await screen.findByRole('button', { name: 'Create a webhook source' }));
    let dialog = await screen.findByRole('dialog', { name: 'New webhook source' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Cal.com via n8n');
    await user.click(within(dialog).getByRole('button', { name: 'Create source' }));

    dialog = await screen.findByRole('dialog', { name: 'Copy your signing secret' });
    expect(dialog).toHaveTextContent('you will not see it again');
    expect(within(dialog).getByRole('textbox', { name: 'Signing secret' })).toHaveValue(SECRET);
    const curl = within(dialog).getByRole('tabpanel');
    expect(curl).toHaveTextContent(`SECRET='${SECRET}'`);
    expect(curl).toHaveTextContent(created.webhookUrl);
    await user.click(within(dialog).getByRole('tab', { name: 'Node.js' }));
    expect(within(dialog).getByRole('tabpanel')).toHaveTextContent(`const secret = "${SECRET}"`);

    // The card behind shows the new source; closing forgets the secret.
    expect(await screen.findByRole('link', { name: 'Cal.com via n8n' })).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'I have stored the secret' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(document.body).not.toHaveTextContent(SECRET);
  });

  it('shows a refused creation beside the name', async () => {
    stubApi({
      'GET /api/v1/integrations/connections': [jsonResponse([])],
      'POST /api/v1/integrations/connections': [problemResponse(400, { code: 'validation_failed', errors: [{ field: 'name', message: 'name should not be empty' }] })],
    });
    const { user } = renderApp('/integrations');
    await user.click(await screen.findByRole('button', { name: 'Create a webhook source' }));
    const dialog = await screen.findByRole('dialog', { name: 'New webhook source' });
    await user.click(within(dialog).getByRole('button', { name: 'Create source' }));
    expect(await within(dialog).findByText('name should not be empty')).toBeVisible();
  });
});
