import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { leadFixture } from '@/features/leads/components/lead-detail/lead-fixtures';
import { stubApi } from '@/testing/api-stub';
import { jsonResponse, problemResponse } from '@/testing/http';
import { renderApp } from '@/testing/render-app';
import { testUser } from '@/testing/session';

const NEWER = '11111111-1111-4111-8111-111111111111';
const OLDER = '22222222-2222-4222-8222-222222222222';

const newer = leadFixture({ id: NEWER, name: 'Ada New', email: null, phone: '+49303644053', company: null, subject: 'Pricing', version: 3, createdAt: '2026-12-05T10:00:00.000Z' });
const older = leadFixture({ id: OLDER, name: 'Ada Old', email: 'ada@example.test', company: 'Acme', subject: 'Pricing', version: 7, status: 'archived', createdAt: '2026-11-01T10:00:00.000Z' });
const side = (lead: typeof newer) => ({ id: lead.id, name: lead.name, email: lead.email, phone: lead.phone, company: lead.company, status: lead.status, createdAt: lead.createdAt, version: lead.version });
const PAIRS = { data: [{ reason: 'same_name_company', matchedOn: null, lead: side(newer), match: side(older) }], nextCursor: null };

function routes(merge: Response[]) {
  return stubApi({
    'GET /api/v1/leads/duplicates': [jsonResponse(PAIRS)],
    [`GET /api/v1/leads/${NEWER}`]: [jsonResponse(newer)],
    [`GET /api/v1/leads/${OLDER}`]: [jsonResponse(older)],
    'GET /api/v1/users': [jsonResponse({ data: [], nextCursor: null })],
    'GET /api/v1/people': [jsonResponse({ data: [] })],
    'POST /api/v1/leads/merge': merge,
    'POST /api/v1/leads/merges/m-1/undo': [jsonResponse({ id: 'm-1', undoneAt: '2026-12-07T10:00:00.000Z', leads: [newer, older] })],
  });
}

const merged = { id: 'm-1', survivorId: NEWER, mergedIds: [OLDER], fields: {}, createdAt: '2026-12-07T10:00:00.000Z', undoUntil: '2027-01-06T10:00:00.000Z', undoneAt: null, survivor: { ...newer, email: older.email } };

describe('Merge leads dialog', { timeout: 60_000 }, () => {
  it('shows only the differing fields, preset to the newest non-empty value, and merges with the choices, then offers Undo', async () => {
    const calls = routes([jsonResponse(merged)]);
    const { user } = renderApp('/duplicates');
    await user.click(await screen.findByRole('button', { name: 'Merge Ada New and Ada Old' }));
    const dialog = await screen.findByRole('dialog', { name: 'Merge leads' });
    const fields = await within(dialog).findByRole('table', { name: 'Fields to keep' });
    // Subject is the same on both: no choice to make.
    expect(within(fields).queryByText('Subject')).not.toBeInTheDocument();
    expect(within(fields).getByRole('radio', { name: 'Name: Ada New' })).toBeChecked();
    // The newer lead has no email or company: the older one's are preset.
    expect(within(fields).getByRole('radio', { name: 'Email: ada@example.test' })).toBeChecked();
    expect(within(fields).getByRole('radio', { name: 'Company: Acme' })).toBeChecked();
    expect(within(fields).getByRole('radio', { name: 'Phone: +49303644053' })).toBeChecked();

    await user.click(within(fields).getByRole('radio', { name: 'Name: Ada Old' }));
    await user.click(within(dialog).getByRole('button', { name: 'Merge' }));
    expect(await screen.findByText('Leads merged')).toBeVisible();
    const request = calls.find((c) => c.method === 'POST' && c.path === '/api/v1/leads/merge');
    expect(request?.body).toEqual({
      survivorId: NEWER,
      leadIds: [OLDER],
      fields: expect.objectContaining({ name: OLDER, email: OLDER, company: OLDER, phone: NEWER }),
      versions: { [NEWER]: 3, [OLDER]: 7 },
    });
    expect(screen.queryByRole('dialog', { name: 'Merge leads' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(await screen.findByText('Merge undone')).toBeVisible();
    expect(calls.some((c) => c.method === 'POST' && c.path === '/api/v1/leads/merges/m-1/undo')).toBe(true);
  });

  it('says so when a lead changed meanwhile, and stays open', async () => {
    routes([problemResponse(412, { code: 'precondition_failed', title: 'The lead has changed', detail: 'Someone changed this lead after you loaded it.' })]);
    const { user } = renderApp('/duplicates');
    await user.click(await screen.findByRole('button', { name: 'Merge Ada New and Ada Old' }));
    const dialog = await screen.findByRole('dialog', { name: 'Merge leads' });
    await within(dialog).findByRole('table', { name: 'Fields to keep' });
    await user.click(within(dialog).getByRole('button', { name: 'Merge' }));
    expect(await within(dialog).findByText(/One of the leads changed while you were looking/)).toBeVisible();
  });

  it('is not offered without leads:delete', async () => {
    routes([]);
    renderApp('/duplicates', { user: testUser(['leads:read', 'leads:write']) });
    expect(await screen.findByRole('table', { name: 'Possible duplicates' })).toBeVisible();
    expect(screen.queryByRole('button', { name: /^Merge/ })).not.toBeInTheDocument();
  });
});
