import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { jsonResponse, problemResponse, requestedUrl } from '@/testing/http';
import { renderApp } from '@/testing/render-app';
import { testUser } from '@/testing/session';

const STRONG = 'velvet orbit canyon mango';
const INVALID_TOKEN = { code: 'invalid_token', title: 'Invalid or expired link', detail: 'This link is invalid, has expired or was already used. Ask for a new one.' };

// Answers the public account endpoints with `answer`; /auth/me answers like the API once a session exists.
function stubApi(answer: (request: Request) => Response | Promise<Response>) {
  const requests: Request[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(requestedUrl(input), init);
    const { pathname } = new URL(request.url);
    if (pathname === '/api/v1/auth/me') {
      return jsonResponse({ user: testUser(['leads:read']), tenant: { id: 't', name: 'Acme Sales', settings: { requireMfa: false } } });
    }
    if (!pathname.startsWith('/api/v1/auth/')) return new Response(null, { status: 503 });
    requests.push(request.clone());
    return answer(request);
  });
  return requests;
}

describe('Public account pages', { timeout: 20_000 }, () => {
  describe('accept invitation', () => {
    it('sets name and password, then lands signed in on the dashboard', async () => {
      const requests = stubApi(() => jsonResponse({ accessToken: 'token-1', tokenType: 'Bearer', expiresIn: 900 }));
      const { user, router } = renderApp('/accept-invitation?token=tok-123', { user: null });

      await user.type(await screen.findByRole('textbox', { name: 'Your name' }), 'Noor Newcomer');
      await user.type(screen.getByLabelText(/^Password/), STRONG);
      await user.click(screen.getByRole('button', { name: 'Join and sign in' }));

      await waitFor(() => expect(router.state.location.pathname).toBe('/dashboard'));
      expect(await requests[0]!.json()).toEqual({ token: 'tok-123', name: 'Noor Newcomer', password: STRONG });
    });

    it('refuses a weak password before asking the API', async () => {
      const requests = stubApi(() => new Response(null, { status: 500 }));
      const { user } = renderApp('/accept-invitation?token=tok-123', { user: null });

      await user.type(await screen.findByRole('textbox', { name: 'Your name' }), 'Noor Newcomer');
      await user.type(screen.getByLabelText(/^Password/), 'password1234');
      await user.click(screen.getByRole('button', { name: 'Join and sign in' }));

      expect(await screen.findByText('This password is on a list of commonly used passwords; choose another one.', { selector: '.mantine-InputWrapper-error' })).toBeInTheDocument();
      expect(screen.getByLabelText(/^Password/)).toHaveAttribute('aria-invalid', 'true');
      expect(requests).toHaveLength(0);
    });

    it('shows the API’s reason under the password when the policy refuses it there', async () => {
      stubApi(() =>
        problemResponse(400, {
          code: 'validation_failed',
          detail: 'password: Your password must not contain your email address.',
          errors: [{ field: 'password', message: 'Your password must not contain your email address.' }],
        }),
      );
      const { user } = renderApp('/accept-invitation?token=tok-123', { user: null });
      await user.type(await screen.findByRole('textbox', { name: 'Your name' }), 'Noor');
      await user.type(screen.getByLabelText(/^Password/), STRONG);
      await user.click(screen.getByRole('button', { name: 'Join and sign in' }));
      expect(await screen.findByText('Your password must not contain your email address.')).toBeInTheDocument();
    });

    it('says clearly when the link is invalid or expired', async () => {
      stubApi(() => problemResponse(400, INVALID_TOKEN));
      const { user } = renderApp('/accept-invitation?token=used', { user: null });
      await user.type(await screen.findByRole('textbox', { name: 'Your name' }), 'Noor');
      await user.type(screen.getByLabelText(/^Password/), STRONG);
      await user.click(screen.getByRole('button', { name: 'Join and sign in' }));

      expect(await screen.findByRole('heading', { level: 1, name: 'This invitation link does not work' })).toBeInTheDocument();
      expect(screen.getByRole('alert')).toHaveTextContent('Ask the person who invited you to send a new one.');
    });

    it('says the same without even asking when the link has no token', async () => {
      const requests = stubApi(() => new Response(null, { status: 500 }));
      renderApp('/accept-invitation', { user: null });
      expect(await screen.findByRole('heading', { level: 1, name: 'This invitation link does not work' })).toBeInTheDocument();
      expect(requests).toHaveLength(0);
    });

    it('continues to the MFA enrolment the workspace requires', async () => {
      stubApi((request) =>
        new URL(request.url).pathname === '/api/v1/auth/mfa/setup'
          ? jsonResponse({ secret: 'JBSWY3DPEHPK3PXP', otpauthUrl: 'otpauth://totp/x', qrCode: 'data:image/png;base64,iVBORw0KGgo=' })
          : jsonResponse({ mfaEnrollmentRequired: true, mfaToken: 'mfa-1' }),
      );
      const { user } = renderApp('/accept-invitation?token=tok-123', { user: null });
      await user.type(await screen.findByRole('textbox', { name: 'Your name' }), 'Noor');
      await user.type(screen.getByLabelText(/^Password/), STRONG);
      await user.click(screen.getByRole('button', { name: 'Join and sign in' }));

      expect(await screen.findByRole('heading', { level: 1, name: 'Set up two-factor authentication' })).toBeInTheDocument();
      expect(screen.getByTestId('mfa-secret')).toHaveTextContent('JBSWY3DPEHPK3PXP');
    });
  });

  describe('forgot password', () => {
    it('always answers that an email is on its way if the account exists', async () => {
      const requests = stubApi(() => jsonResponse({ accepted: true }, 202));
      const { user } = renderApp('/forgot-password', { user: null });
      await user.type(await screen.findByRole('textbox', { name: 'Email' }), 'someone@example.test');
      await user.click(screen.getByRole('button', { name: 'Send reset link' }));

      expect(await screen.findByRole('status')).toHaveTextContent('If an account exists for someone@example.test, an email with a reset link is on its way.');
      expect(await requests[0]!.json()).toEqual({ email: 'someone@example.test' });
    });
  });

  describe('reset password', () => {
    it('sets the new password, then asks to sign in with it', async () => {
      const requests = stubApi(() => new Response(null, { status: 204 }));
      const { user } = renderApp('/reset-password?token=reset-1', { user: null });
      await user.type(await screen.findByLabelText(/^New password/), STRONG);
      await user.click(screen.getByRole('button', { name: 'Change password' }));

      expect(await screen.findByRole('status')).toHaveTextContent('Sign in with your new password.');
      expect(screen.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/sign-in');
      expect(await requests[0]!.json()).toEqual({ token: 'reset-1', newPassword: STRONG });
    });

    it('offers a new link when this one is invalid or expired', async () => {
      stubApi(() => problemResponse(400, INVALID_TOKEN));
      const { user } = renderApp('/reset-password?token=old', { user: null });
      await user.type(await screen.findByLabelText(/^New password/), STRONG);
      await user.click(screen.getByRole('button', { name: 'Change password' }));

      expect(await screen.findByRole('heading', { level: 1, name: 'This reset link does not work' })).toBeInTheDocument();
      expect(screen.getByRole('link', { name: 'Request a new link' })).toHaveAttribute('href', '/forgot-password');
    });
  });

  it('links the sign-in page to the password reset', async () => {
    stubApi(() => new Response(null, { status: 500 }));
    renderApp('/sign-in', { user: null });
    expect(await screen.findByRole('link', { name: 'Forgot your password?' })).toHaveAttribute('href', '/forgot-password');
  });
});
