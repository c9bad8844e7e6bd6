import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { stubApi } from '@/testing/api-stub';
import { jsonResponse, problemResponse } from '@/testing/http';
import { renderApp } from '@/testing/render-app';
import { testUser } from '@/testing/session';
import { formDto } from '../testing/form-dto';

const form = formDto;

// Whole-app renders with lazy pages: generous time on a busy machine.
describe('Forms page', { timeout: 30_000 }, () => {
  it('lists the forms with their type, counts and creation date', async () => {
    stubApi({ 'GET /api/v1/forms': [jsonResponse([form(), form({ id: 'b2c4', name: 'Partners', type: 'collaboration', enabled: false, submissionCount: 0, spamCount: 0 })])] });
    renderApp('/forms');

    expect(await screen.findByRole('heading', { level: 1, name: 'Forms' })).toBeVisible();
    const contact = (await screen.findByRole('link', { name: 'Contact' })).closest('li')!;
    expect(contact).toHaveTextContent('1,234 submissions');
    expect(contact).toHaveTextContent('5 spam');
    expect(within(contact).getByRole('switch', { name: 'Contact enabled' })).toBeChecked();
    const partners = screen.getByRole('link', { name: 'Partners' }).closest('li')!;
    expect(partners).toHaveTextContent('Collaboration');
    expect(within(partners).getByRole('switch', { name: 'Partners enabled' })).not.toBeChecked();
    expect(screen.getByRole('link', { name: 'Contact' })).toHaveAttribute('href', `/forms/${form().id}`);
  });

  it('shows an empty state that offers to create the first form', async () => {
    stubApi({ 'GET /api/v1/forms': [jsonResponse([])] });
    const { user } = renderApp('/forms');

    expect(await screen.findByText('No forms yet')).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Create your first form' }));
    expect(await screen.findByRole('dialog', { name: 'New form' })).toBeVisible();
  });

  it('shows a failed load with a retry', async () => {
    // A 4xx is not retried by itself: the error shows at once, and stays until the user retries.
    const refused = problemResponse(429, { title: 'Too many requests', detail: 'Too many requests; try again in 5 s', code: 'rate_limited', requestId: 'req-9' });
    let retried = false;
    stubApi({ 'GET /api/v1/forms': () => (retried ? jsonResponse([form()]) : refused.clone()) });
    const { user } = renderApp('/forms');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load the forms');
    expect(alert).toHaveTextContent('Too many requests; try again in 5 s (request req-9)');
    retried = true;
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('link', { name: 'Contact' })).toBeVisible();
  });

  it('creates a form, showing the API refusal of a field beside that field, then opens the new form', async () => {
    const created = form({ id: 'c0ffee00-1111-4222-8333-444455556666', name: 'Website', allowedOrigins: ['https://www.example.com'] });
    const calls = stubApi({
      'GET /api/v1/forms': [jsonResponse([])],
      'POST /api/v1/forms': [
        problemResponse(400, {
          code: 'validation_failed',
          detail: 'allowedOrigins: each value in allowedOrigins must be an origin such as https://www.example.com (no path)',
          errors: [{ field: 'allowedOrigins', message: 'each value in allowedOrigins must be an origin such as https://www.example.com (no path)' }],
        }),
        jsonResponse(created, 201),
      ],
      [`GET /api/v1/forms/${created.id}`]: [jsonResponse(created)],
    });
    const { user, router } = renderApp('/forms');

    await user.click(await screen.findByRole('button', { name: 'New form' }));
    const dialog = await screen.findByRole('dialog', { name: 'New form' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Website');
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Lead type' }), 'collaboration');
    const origins = within(dialog).getByRole('combobox', { name: 'Allowed origins' });
    await user.type(origins, 'https://www.example.com/contact{Enter}');
    await user.click(within(dialog).getByRole('button', { name: 'Create form' }));

    await waitFor(() => expect(origins).toHaveAttribute('aria-invalid', 'true'));
    expect(within(dialog).getByText(/must be an origin such as https:\/\/www\.example\.com/)).toBeVisible();
    expect(origins).toHaveFocus();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      name: 'Website',
      type: 'collaboration',
      allowedOrigins: ['https://www.example.com/contact'],
      redirectUrls: [],
      defaultPriority: 'medium',
      defaultTags: [],
      acknowledgmentEmail: false,
    });

    await user.type(origins, '{Backspace}https://www.example.com{Enter}');
    await user.click(within(dialog).getByRole('button', { name: 'Create form' }));

    await waitFor(() => expect(router.state.location.pathname).toBe(`/forms/${created.id}`));
    expect(await screen.findByRole('heading', { level: 1, name: 'Website' })).toBeVisible();
    expect(calls.filter((c) => c.method === 'POST').at(-1)?.body).toMatchObject({ allowedOrigins: ['https://www.example.com'] });
    expect(await screen.findByText('Form created')).toBeVisible();
  });

  it('shows a 403 screen without forms:manage and does not render the list', async () => {
    stubApi({});
    renderApp('/forms', { user: testUser(['leads:read']) });

    expect(await screen.findByRole('heading', { level: 1, name: "You don't have access to this page" })).toBeVisible();
    expect(screen.getByText('forms:manage')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'New form' })).not.toBeInTheDocument();
  });
});
