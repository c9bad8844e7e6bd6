import type { Schemas } from '@hotleads/api-client';
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { stubApi } from '@/testing/api-stub';
import { jsonResponse, problemResponse } from '@/testing/http';
import { renderApp } from '@/testing/render-app';

const AGENT_ROLE = '0f4c2a8e-1d2b-4c3d-8e9f-0a1b2c3d4e5f';

const settings = (overrides: Partial<Schemas['SsoSettingsDto']> = {}): Schemas['SsoSettingsDto'] => ({
  configured: true,
  providerType: 'oidc',
  displayName: 'Okta',
  issuerUrl: 'https://acme.okta.com',
  clientId: 'client-1',
  clientSecretSet: true,
  allowedDomains: ['acme.com'],
  jitRoleId: null,
  enabled: true,
  requireSso: false,
  redirectUri: 'https://leads.acme.com/api/v1/auth/sso/callback',
  signInUrl: 'https://leads.acme.com/sign-in?workspace=abc',
  ...overrides,
});

const roles = [{ id: AGENT_ROLE, key: 'agent', name: 'Agent', description: '', permissions: [], builtIn: true, userCount: 0 }];

describe('Settings → Single sign-on', { timeout: 30_000 }, () => {
  it('shows the redirect URI and sign-in link, and saves domains, provisioning and the requirement without resending the secret', async () => {
    const calls = stubApi({
      'GET /api/v1/settings/sso': [jsonResponse(settings())],
      'GET /api/v1/roles': [jsonResponse(roles)],
      'PUT /api/v1/settings/sso': [jsonResponse(settings({ allowedDomains: ['acme.com', 'acme.io'], jitRoleId: AGENT_ROLE, requireSso: true }))],
    });
    const { user } = renderApp('/settings/sso');
    expect(await screen.findByText('https://leads.acme.com/api/v1/auth/sso/callback')).toBeVisible();
    expect(screen.getByText('https://leads.acme.com/sign-in?workspace=abc')).toBeVisible();
    expect(screen.getByLabelText(/Client secret/)).toHaveValue('');

    const domains = screen.getByRole('textbox', { name: /Allowed email domains/ });
    await user.clear(domains);
    await user.type(domains, 'acme.com{enter}acme.io');
    await user.click(screen.getByRole('combobox', { name: 'People signing in for the first time' }));
    await user.click(await screen.findByRole('option', { name: 'New people become: Agent' }));
    await user.click(screen.getByRole('switch', { name: /Require single sign-on/ }));
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(calls.find((c) => c.method === 'PUT')).toBeDefined());
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
      providerType: 'oidc',
      displayName: 'Okta',
      issuerUrl: 'https://acme.okta.com',
      clientId: 'client-1',
      allowedDomains: ['acme.com', 'acme.io'],
      jitRoleId: AGENT_ROLE,
      enabled: true,
      requireSso: true,
    });
  });

  it('shows the API’s refusal of an insecure issuer', async () => {
    stubApi({
      'GET /api/v1/settings/sso': [jsonResponse(settings({ configured: false, clientSecretSet: false, displayName: '', issuerUrl: '', clientId: '', allowedDomains: [] }))],
      'GET /api/v1/roles': [jsonResponse(roles)],
      'PUT /api/v1/settings/sso': [
        problemResponse(422, { type: 'about:blank', title: 'The issuer must use https', status: 422, code: 'insecure_issuer', detail: 'The identity provider must be reached over https.' }),
      ],
    });
    const { user } = renderApp('/settings/sso');
    await user.type(await screen.findByRole('textbox', { name: /Provider name/ }), 'Okta');
    await user.type(screen.getByRole('textbox', { name: /Issuer URL/ }), 'http://idp.acme.com');
    await user.type(screen.getByRole('textbox', { name: /Client ID/ }), 'c');
    await user.type(screen.getByLabelText(/Client secret/), 's');
    await user.type(screen.getByRole('textbox', { name: /Allowed email domains/ }), 'acme.com');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The identity provider must be reached over https.');
    expect(screen.queryByRole('button', { name: 'Test sign-in' })).toBeNull();
  });
});
