import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { stubApi } from '@/testing/api-stub';
import { jsonResponse, problemResponse } from '@/testing/http';
import { renderApp } from '@/testing/render-app';

const EMAIL = 'zelda@example.org';

const report = (overrides: object = {}) => ({
  email: EMAIL,
  phone: null,
  suppressed: false,
  counts: { leads: 1, leadEvents: 2, auditEntries: 0 },
  records: [
    { kind: 'leads', erasure: 'Name, email and phone are replaced by "erased".', count: 1, items: [{ id: 'l1', name: 'Zelda Q', email: EMAIL }] },
    { kind: 'leadEvents', erasure: 'Timeline entries keep their type and time.', count: 2, items: [{ id: '1', type: 'created' }, { id: '2', type: 'updated' }] },
    { kind: 'auditEntries', erasure: 'Details removed.', count: 0, items: [] },
  ],
  ...overrides,
});

const RETENTION_OFF = { inactiveLeadMonths: null, webhookPayloadDays: null, importDays: null, auditMonths: null, lastRunAt: null, lastResult: null, nextRunAt: null };

const suppression = { id: '11111111-1111-4111-8111-111111111111', kind: 'email', subjectHash: 'ab'.repeat(32), createdAt: '2026-12-01T10:00:00.000Z' };

describe('Privacy page', { timeout: 60_000 }, () => {
  it('finds a person and shows the records per kind', async () => {
    const calls = stubApi({
      'GET /api/v1/privacy/exports': [jsonResponse({ items: [] })],
      'GET /api/v1/privacy/suppressions': [jsonResponse({ items: [] })],
      'GET /api/v1/privacy/retention': [jsonResponse(RETENTION_OFF)],
      'GET /api/v1/privacy/subjects': [jsonResponse(report())],
    });
    const { user } = renderApp('/privacy');
    await user.type(await screen.findByRole('textbox', { name: 'Email' }), EMAIL);
    await user.click(screen.getByRole('button', { name: 'Find' }));

    const table = await screen.findByRole('table', { name: 'Records per kind' });
    expect(within(table).getByText('Leads (with the trash)').closest('tr')).toHaveTextContent('1');
    expect(within(table).getByText('Timeline entries').closest('tr')).toHaveTextContent('2');
    // Kinds with nothing found are left out.
    expect(within(table).queryByText('Audit entries')).not.toBeInTheDocument();
    expect(calls.find((c) => c.path === '/api/v1/privacy/subjects')?.search).toBe(`?email=${encodeURIComponent(EMAIL)}`);
    expect(screen.getByText('Nobody is suppressed.')).toBeVisible();
  });

  it('erases only after the identifier is typed again, and says what goes and what stays', async () => {
    const calls = stubApi({
      'GET /api/v1/privacy/exports': [jsonResponse({ items: [] })],
      'GET /api/v1/privacy/suppressions': [jsonResponse({ items: [] }), jsonResponse({ items: [suppression] })],
      'GET /api/v1/privacy/retention': [jsonResponse(RETENTION_OFF)],
      'GET /api/v1/privacy/subjects': [jsonResponse(report()), jsonResponse(report({ suppressed: true, counts: { leads: 0 }, records: [] }))],
      'POST /api/v1/privacy/subjects/erase': [jsonResponse({ counts: { leads: 1, leadEvents: 2 }, suppressed: 1, subjectHashes: [suppression.subjectHash] })],
    });
    const { user } = renderApp('/privacy');
    await user.type(await screen.findByRole('textbox', { name: 'Email' }), EMAIL);
    await user.click(screen.getByRole('button', { name: 'Find' }));
    await user.click(await screen.findByRole('button', { name: 'Erase this person…' }));

    const dialog = await screen.findByRole('dialog', { name: `Erase ${EMAIL}?` });
    expect(dialog).toHaveTextContent('Name, email and phone are replaced by "erased".');
    expect(dialog).toHaveTextContent('What stays');
    const erase = within(dialog).getByRole('button', { name: 'Erase permanently' });
    expect(erase).toBeDisabled();
    await user.type(within(dialog).getByRole('textbox', { name: `Type ${EMAIL} to confirm` }), 'zelda@example.com');
    expect(erase).toBeDisabled();
    await user.clear(within(dialog).getByRole('textbox', { name: `Type ${EMAIL} to confirm` }));
    await user.type(within(dialog).getByRole('textbox', { name: `Type ${EMAIL} to confirm` }), EMAIL.toUpperCase());
    await user.click(erase);

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ email: EMAIL, confirm: EMAIL.toUpperCase() });
    expect(await screen.findByText('Suppressed: intake refuses this person')).toBeVisible();
    expect(await screen.findByRole('table', { name: 'Suppressed identifiers' })).toHaveTextContent('abababababababab…');
  });

  it('lifts a suppression and shows a refused search as a problem', async () => {
    const calls = stubApi({
      'GET /api/v1/privacy/exports': [jsonResponse({ items: [] })],
      'GET /api/v1/privacy/suppressions': [jsonResponse({ items: [suppression] }), jsonResponse({ items: [] })],
      'GET /api/v1/privacy/retention': [jsonResponse(RETENTION_OFF)],
      'DELETE /api/v1/privacy/suppressions/11111111-1111-4111-8111-111111111111': [new Response(null, { status: 204 })],
      'GET /api/v1/privacy/subjects': [problemResponse(400, { code: 'invalid_subject', title: 'Give an email or a phone number', detail: 'phone: must be a phone number in international form (+CC...)' })],
    });
    const { user } = renderApp('/privacy');
    await user.click(await screen.findByRole('button', { name: /Lift the email suppression/ }));
    expect(await screen.findByText('Nobody is suppressed.')).toBeVisible();
    expect(calls.some((c) => c.method === 'DELETE')).toBe(true);

    await user.type(screen.getByRole('textbox', { name: 'Phone' }), '12');
    await user.click(screen.getByRole('button', { name: 'Find' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/Could not load this person's records/);
  });

  it('starts an export and downloads it once', async () => {
    const pending = { id: '22222222-2222-4222-8222-222222222222', status: 'pending', counts: null, createdAt: '2026-12-07T10:00:00.000Z', expiresAt: '2026-12-08T10:00:00.000Z', downloadedAt: null };
    const ready = { ...pending, status: 'ready', counts: { leads: 1, leadEvents: 2 } };
    const calls = stubApi({
      'GET /api/v1/privacy/suppressions': [jsonResponse({ items: [] })],
      'GET /api/v1/privacy/retention': [jsonResponse(RETENTION_OFF)],
      'GET /api/v1/privacy/subjects': [jsonResponse(report())],
      'GET /api/v1/privacy/exports': [jsonResponse({ items: [] }), jsonResponse({ items: [ready] }), jsonResponse({ items: [{ ...ready, status: 'downloaded', downloadedAt: '2026-12-07T10:05:00.000Z' }] })],
      'POST /api/v1/privacy/subjects/export': [jsonResponse(pending, 202)],
      'GET /api/v1/privacy/exports/22222222-2222-4222-8222-222222222222/download': [jsonResponse({ summary: 'What this workspace holds', document: { counts: ready.counts } })],
    });
    const createObjectURL = vi.fn(() => 'blob:export');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const { user } = renderApp('/privacy');
    await user.type(await screen.findByRole('textbox', { name: 'Email' }), EMAIL);
    await user.click(screen.getByRole('button', { name: 'Find' }));
    await user.click(await screen.findByRole('button', { name: 'Export as JSON' }));

    const table = await screen.findByRole('table', { name: 'Your exports' });
    expect(table).toHaveTextContent('ready');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ email: EMAIL });
    await user.click(within(table).getByRole('button', { name: 'Download' }));
    await waitFor(() => expect(createObjectURL).toHaveBeenCalledTimes(1));
    expect(await within(await screen.findByRole('table', { name: 'Your exports' })).findByText('downloaded')).toBeVisible();
    expect(within(screen.getByRole('table', { name: 'Your exports' })).queryByRole('button', { name: 'Download' })).not.toBeInTheDocument();
  });

  it('turns retention rules on, refuses an audit period under 12 months, and shows the last run', async () => {
    const saved = { ...RETENTION_OFF, inactiveLeadMonths: 24, auditMonths: 12, nextRunAt: '2026-12-08T03:00:00.000Z' };
    const ran = { ...saved, lastRunAt: '2026-12-07T03:00:00.000Z', lastResult: { erasedLeads: 3, webhookPayloads: 0, importRows: 12, importErrors: 2, auditEntries: 40 } };
    const calls = stubApi({
      'GET /api/v1/privacy/exports': [jsonResponse({ items: [] })],
      'GET /api/v1/privacy/suppressions': [jsonResponse({ items: [] })],
      'GET /api/v1/privacy/retention': [jsonResponse(RETENTION_OFF)],
      'PATCH /api/v1/privacy/retention': [jsonResponse(ran)],
    });
    const { user } = renderApp('/privacy');
    const form = await screen.findByRole('form', { name: 'Retention rules' });
    expect(form).toHaveTextContent('Last run: never');
    expect(form).toHaveTextContent('Next run: none while every rule is off');
    const save = within(form).getByRole('button', { name: 'Save retention' });
    expect(save).toBeDisabled();
    const audit = within(form).getByRole('textbox', { name: /Delete old audit entries: after how many months/ });
    expect(audit).toBeDisabled();

    await user.click(within(form).getByRole('checkbox', { name: /Erase inactive leads/ }));
    await user.click(within(form).getByRole('checkbox', { name: /Delete old audit entries/ }));
    await user.clear(audit);
    await user.type(audit, '6');
    await user.click(save);
    expect(await within(form).findByText('Between 12 and 120 months')).toBeVisible();
    expect(calls.some((c) => c.method === 'PATCH')).toBe(false);

    await user.clear(audit);
    await user.type(audit, '12');
    await user.click(save);
    await waitFor(() => expect(calls.filter((c) => c.method === 'PATCH').map((c) => c.body)).toEqual([{ inactiveLeadMonths: 24, auditMonths: 12 }]));
    // The saved rules render a fresh form.
    const result = await screen.findByRole('list', { name: "Last run's result" });
    expect(result).toHaveTextContent('3 leads erased');
    expect(result).toHaveTextContent('40 audit entries deleted');
    expect(screen.getByRole('form', { name: 'Retention rules' })).not.toHaveTextContent('Last run: never');
  });
});
