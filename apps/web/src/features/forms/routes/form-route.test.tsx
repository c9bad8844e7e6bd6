import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { stubApi } from '@/testing/api-stub';
import { jsonResponse, problemResponse } from '@/testing/http';
import { renderApp } from '@/testing/render-app';
import { testUser } from '@/testing/session';
import { FORM_ID, formDto } from '../testing/form-dto';

const FORM_PATH = `/api/v1/forms/${FORM_ID}`;

// Whole-app renders with lazy pages: generous time on a busy machine.
describe('Form page', { timeout: 30_000 }, () => {
  it('shows the counts, the settings and a link to the leads of its kind', async () => {
    stubApi({ [`GET ${FORM_PATH}`]: [jsonResponse(formDto({ type: 'cv_request', name: 'CV requests' }))] });
    renderApp(`/forms/${FORM_ID}`);

    expect(await screen.findByRole('heading', { level: 1, name: 'CV requests' })).toBeVisible();
    expect(screen.getByRole('group', { name: 'Submissions' })).toHaveTextContent('1,234');
    expect(screen.getByRole('group', { name: 'Spam hits' })).toHaveTextContent('5');
    expect(screen.getByRole('link', { name: 'View leads from cv request forms' })).toHaveAttribute('href', '/leads?source=form&type=cv_request');
    expect(screen.getByRole('tab', { name: 'Settings' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveValue('CV requests');
    await waitFor(() => expect(document.title).toBe('CV requests · Forms · Hot Leads'));
  });

  it('hides the leads link from a user who may not read leads', async () => {
    stubApi({ [`GET ${FORM_PATH}`]: [jsonResponse(formDto())] });
    renderApp(`/forms/${FORM_ID}`, { user: testUser(['forms:manage']) });

    expect(await screen.findByRole('heading', { level: 1, name: 'Contact' })).toBeVisible();
    expect(screen.queryByRole('link', { name: /View leads/ })).not.toBeInTheDocument();
  });

  it('saves only the changed settings and shows what the API stored', async () => {
    const calls = stubApi({
      [`GET ${FORM_PATH}`]: [jsonResponse(formDto())],
      [`PATCH ${FORM_PATH}`]: [jsonResponse(formDto({ defaultPriority: 'high', defaultTags: ['web'], acknowledgmentEmail: true }))],
    });
    const { user } = renderApp(`/forms/${FORM_ID}`);

    const save = await screen.findByRole('button', { name: 'Save changes' });
    expect(save).toBeDisabled();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Default priority' }), 'high');
    await user.type(screen.getByRole('combobox', { name: 'Default tags' }), 'web,');
    await user.click(screen.getByRole('switch', { name: /^Send an acknowledgment email/ }));
    await user.click(save);

    expect(await screen.findByText('Form saved')).toBeVisible();
    expect(calls.filter((c) => c.method === 'PATCH').map((c) => c.body)).toEqual([{ defaultPriority: 'high', defaultTags: ['web'], acknowledgmentEmail: true }]);
    await waitFor(() => expect(save).toBeDisabled());
  });

  it('turns on required consent with its label and policy version, and shows a refused version beside its field', async () => {
    const calls = stubApi({
      [`GET ${FORM_PATH}`]: [jsonResponse(formDto())],
      [`PATCH ${FORM_PATH}`]: [
        problemResponse(400, { code: 'validation_failed', errors: [{ field: 'consentPolicyVersion', message: 'consentPolicyVersion should not be empty' }] }),
        jsonResponse(formDto({ consentLabel: 'I agree to be contacted.', consentPolicyVersion: '2026-03' })),
      ],
    });
    const { user } = renderApp(`/forms/${FORM_ID}`);

    const consent = await screen.findByRole('switch', { name: /^Require consent/ });
    expect(consent).not.toBeChecked();
    expect(screen.queryByRole('textbox', { name: /Consent checkbox label/ })).not.toBeInTheDocument();
    await user.click(consent);
    const label = screen.getByRole('textbox', { name: /Consent checkbox label/ });
    await user.clear(label);
    await user.type(label, 'I agree to be contacted.');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    const version = screen.getByRole('textbox', { name: /Privacy policy version/ });
    await waitFor(() => expect(version).toHaveAttribute('aria-invalid', 'true'));
    expect(screen.getByText('consentPolicyVersion should not be empty')).toBeVisible();
    await user.type(version, '2026-03');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByText('Form saved')).toBeVisible();
    expect(calls.filter((c) => c.method === 'PATCH').map((c) => c.body)).toEqual([
      { consentLabel: 'I agree to be contacted.', consentPolicyVersion: '' },
      { consentLabel: 'I agree to be contacted.', consentPolicyVersion: '2026-03' },
    ]);
    expect(screen.getByRole('switch', { name: /^Require consent/ })).toBeChecked();
  }, 60_000);

  it('puts the required consent checkbox into the embed snippet', async () => {
    stubApi({ [`GET ${FORM_PATH}`]: [jsonResponse(formDto({ consentLabel: 'I agree <to> be contacted.', consentPolicyVersion: 'v1' }))] });
    const { user } = renderApp(`/forms/${FORM_ID}`);

    await user.click(await screen.findByRole('tab', { name: 'Embed' }));
    const html = await screen.findByRole('region', { name: 'HTML form' });
    expect(html).toHaveTextContent('<input id="hotleads-form-6a1f3c5e-consent" name="consent" type="checkbox" value="on" required>');
    expect(html).toHaveTextContent('<label for="hotleads-form-6a1f3c5e-consent">I agree &lt;to&gt; be contacted.</label>');
  });

  it('shows a refused redirect URL beside its field', async () => {
    stubApi({
      [`GET ${FORM_PATH}`]: [jsonResponse(formDto())],
      [`PATCH ${FORM_PATH}`]: [
        problemResponse(400, { code: 'validation_failed', errors: [{ field: 'redirectUrls', message: 'each value in redirectUrls must be an absolute http(s) URL' }] }),
      ],
    });
    const { user } = renderApp(`/forms/${FORM_ID}`);

    const redirects = await screen.findByRole('combobox', { name: 'Redirect URLs' });
    await user.type(redirects, 'thanks.html{Enter}');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    await waitFor(() => expect(redirects).toHaveAttribute('aria-invalid', 'true'));
    expect(screen.getByText('each value in redirectUrls must be an absolute http(s) URL')).toBeVisible();
    expect(redirects).toHaveFocus();
    expect(screen.queryByText('The changes were not saved')).not.toBeInTheDocument();
  });

  it('disables the form with its switch', async () => {
    const calls = stubApi({
      [`GET ${FORM_PATH}`]: [jsonResponse(formDto())],
      [`PATCH ${FORM_PATH}`]: [jsonResponse(formDto({ enabled: false }))],
    });
    const { user } = renderApp(`/forms/${FORM_ID}`);

    const enabled = await screen.findByRole('switch', { name: 'Enabled' });
    expect(enabled).toBeChecked();
    await user.click(enabled);

    expect(await screen.findByText('Form disabled')).toBeVisible();
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ enabled: false });
    expect(screen.getByRole('switch', { name: 'Enabled' })).not.toBeChecked();
    expect(screen.getByText('Disabled')).toBeVisible();
  });

  it('gives the embed snippets with the real public URL', async () => {
    const form = formDto({ allowedOrigins: ['https://www.example.com'] });
    stubApi({ [`GET ${FORM_PATH}`]: [jsonResponse(form)] });
    const { user } = renderApp(`/forms/${FORM_ID}`);

    await user.click(await screen.findByRole('tab', { name: 'Embed' }));

    const url = await screen.findByRole('region', { name: 'Public submission URL' });
    expect(url).toHaveTextContent(form.publicUrl);
    const html = screen.getByRole('region', { name: 'HTML form' });
    expect(html).toHaveTextContent(`<form id="hotleads-form-6a1f3c5e" action="${form.publicUrl}" method="post">`);
    expect(within(html).getByRole('button', { name: 'Copy HTML' })).toBeVisible();
    const script = screen.getByRole('region', { name: 'fetch() example' });
    expect(script).toHaveTextContent(`await fetch("${form.publicUrl}"`);
    expect(script).toHaveTextContent('https://www.example.com');
    expect(within(script).getByRole('button', { name: 'Copy script' })).toBeVisible();
  });

  it('deletes the form after confirmation and returns to the list', async () => {
    const calls = stubApi({
      [`GET ${FORM_PATH}`]: [jsonResponse(formDto())],
      [`DELETE ${FORM_PATH}`]: [new Response(null, { status: 204 })],
      'GET /api/v1/forms': [jsonResponse([])],
    });
    const { user, router } = renderApp(`/forms/${FORM_ID}`);

    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete the form "Contact"?' });
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: 'Delete form' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/forms'));
    expect(calls.filter((c) => c.method === 'DELETE')).toHaveLength(1);
    expect(await screen.findByText('Form deleted')).toBeVisible();
  });

  it('says so when the form does not exist', async () => {
    stubApi({ [`GET ${FORM_PATH}`]: [problemResponse(404, { code: 'not_found', detail: 'No such form' })] });
    renderApp(`/forms/${FORM_ID}`);

    expect(await screen.findByRole('heading', { level: 1, name: 'Form not found' })).toBeVisible();
    expect(screen.getByRole('link', { name: 'All forms' })).toHaveAttribute('href', '/forms');
  });
});
