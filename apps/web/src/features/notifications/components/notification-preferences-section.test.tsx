import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { stubApi } from '@/testing/api-stub';
import { jsonResponse, problemResponse } from '@/testing/http';
import { renderApp } from '@/testing/render-app';

const KINDS = ['lead_assigned', 'hot_lead', 'mention', 'follow_up_due', 'sla_warning', 'sla_breach', 'integration_trouble'];
const preferences = {
  choices: KINDS.map((kind) => ({ kind, email: true })),
  ownChoices: [],
  smsChoices: [
    { kind: 'hot_lead', sms: false },
    { kind: 'sla_breach', sms: false },
  ],
  emailMode: 'instant',
  quietStart: null,
  quietEnd: null,
  timeZone: 'UTC',
};
const number = (over: Record<string, unknown> = {}) => ({ smsAvailable: true, phone: null, verified: false, codeExpiresAt: null, invalidReason: null, ...over });
const base = {
  'GET /api/v1/notification-preferences': () => jsonResponse(preferences),
  'GET /api/v1/notifications': () => jsonResponse({ data: [], nextCursor: null, unreadCount: 0 }),
  'GET /api/v1/events': () => problemResponse(503, { code: 'unavailable' }),
};

describe('Profile, Notifications: text messages', () => {
  it('explains that text messages are off while the workspace has no Twilio connection', async () => {
    stubApi({ ...base, 'GET /api/v1/me/sms-number': () => jsonResponse(number({ smsAvailable: false })) });
    renderApp('/account');

    expect(await screen.findByText(/Text messages are not set up for this workspace/)).toBeVisible();
    const grid = await screen.findByRole('table', { name: 'Which notifications reach you where' });
    expect(within(grid).getByRole('columnheader', { name: 'Text message' })).toBeInTheDocument();
    const hot = within(grid).getByRole('switch', { name: 'A new hot lead arrives: by text message' });
    expect(hot).toBeDisabled();
    expect(hot).toHaveAccessibleDescription(/no Twilio \(SMS\) connection/);
    // Only hot leads and missed targets can come by text.
    expect(within(grid).queryByRole('switch', { name: 'A lead is assigned to me: by text message' })).toBeNull();
    expect(screen.queryByRole('textbox', { name: /Mobile number/ })).toBeNull();
  }, 30_000);

  it('texts a code to the number entered, says when the code is wrong, and shows the number verified', async () => {
    let state = number();
    const calls = stubApi({
      ...base,
      'GET /api/v1/me/sms-number': () => jsonResponse(state),
      'POST /api/v1/me/sms-number': () => {
        state = number({ phone: '+447911123456', codeExpiresAt: '2026-12-07T10:10:00.000Z' });
        return jsonResponse(state);
      },
      'POST /api/v1/me/sms-number/verify': (call) => {
        if ((call.body as { code: string }).code !== '123456') {
          return problemResponse(422, { code: 'wrong_verification_code', detail: 'That is not the code we sent; 4 tries left.', attemptsLeft: 4 });
        }
        state = number({ phone: '+447911123456', verified: true });
        return jsonResponse(state);
      },
    });
    const { user } = renderApp('/account');

    const phone = await screen.findByRole('textbox', { name: /Mobile number/ });
    await user.type(phone, '+44 7911 123456');
    await user.click(screen.getByRole('button', { name: 'Text me a code' }));
    await waitFor(() => expect(calls.find((c) => c.method === 'POST' && c.path === '/api/v1/me/sms-number')?.body).toEqual({ phone: '+44 7911 123456' }));

    const code = await screen.findByRole('textbox', { name: /Code from the text message/ });
    expect(screen.getByText('Not verified')).toBeVisible();
    await user.type(code, '000000');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByText('That is not the code we sent; 4 tries left.')).toBeVisible();

    await user.clear(code);
    await user.type(code, '123456');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByText('Verified')).toBeVisible();
    expect(screen.getByText('+447911123456')).toBeVisible();
    expect(screen.queryByRole('textbox', { name: /Code from the text message/ })).toBeNull();
  }, 30_000);

  it('saves the text-message switches with the other choices, and tells of a number Twilio refused', async () => {
    const calls = stubApi({
      ...base,
      'GET /api/v1/me/sms-number': () => jsonResponse(number({ phone: '+447911123456', invalidReason: "Twilio answered 400 (21614): 'To' number is not a mobile number" })),
      'PUT /api/v1/notification-preferences': () => jsonResponse({ ...preferences, smsChoices: [{ kind: 'hot_lead', sms: true }, { kind: 'sla_breach', sms: false }] }),
    });
    const { user } = renderApp('/account');

    const refused = await screen.findByRole('alert', { name: /Text messages to your number stopped/ });
    expect(refused).toHaveTextContent('21614');
    expect(screen.getByText('Not verified')).toBeVisible();
    const hot = await screen.findByRole('switch', { name: 'A new hot lead arrives: by text message' });
    await waitFor(() => expect(hot).toBeEnabled());
    await user.click(hot);
    await user.click(screen.getByRole('button', { name: 'Save notification preferences' }));
    await waitFor(() =>
      expect((calls.find((c) => c.method === 'PUT' && c.path === '/api/v1/notification-preferences')?.body as { smsChoices: unknown }).smsChoices).toEqual([
        { kind: 'hot_lead', sms: true },
        { kind: 'sla_breach', sms: false },
      ]),
    );
  }, 30_000);
});
