import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { stubApi } from '@/testing/api-stub';
import { jsonResponse } from '@/testing/http';
import { renderApp } from '@/testing/render-app';

const side = (id: string, overrides: object = {}) => ({
  id,
  name: `Lead ${id.slice(0, 1)}`,
  email: null,
  phone: null,
  company: null,
  status: 'unread',
  createdAt: '2026-12-01T10:00:00.000Z',
  version: 1,
  ...overrides,
});
const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const C = '33333333-3333-4333-8333-333333333333';

describe('Duplicates page', { timeout: 60_000 }, () => {
  it('lists each pair with its reason and links to both leads, loading more with the cursor', async () => {
    const calls = stubApi({
      'GET /api/v1/leads/duplicates': [
        jsonResponse({ data: [{ reason: 'closed_match', matchedOn: 'phone', lead: side(A, { phone: '+49303644053' }), match: side(B, { status: 'archived' }) }], nextCursor: 'next-1' }),
        jsonResponse({ data: [{ reason: 'email_alias', matchedOn: 'gmail', lead: side(C, { email: 'johndoe+x@gmail.com' }), match: side(B) }], nextCursor: null }),
      ],
    });
    const { user } = renderApp('/duplicates');
    const table = await screen.findByRole('table', { name: 'Possible duplicates' });
    const first = within(table).getAllByRole('row')[1];
    expect(first).toHaveTextContent('Same phone as an archived lead');
    expect(within(first).getByRole('link', { name: 'Lead 1' })).toHaveAttribute('href', `/leads/${A}`);
    expect(within(first).getByRole('link', { name: 'Lead 2' })).toHaveAttribute('href', `/leads/${B}`);

    await user.click(screen.getByRole('button', { name: 'Show more' }));
    expect(await within(table).findByText('Same Gmail address (dots or +tag differ)')).toBeVisible();
    expect(calls.filter((c) => c.path === '/api/v1/leads/duplicates').map((c) => new URLSearchParams(c.search).get('cursor'))).toEqual([null, 'next-1']);
    expect(screen.queryByRole('button', { name: 'Show more' })).not.toBeInTheDocument();
  });

  it('says when there is nothing to look at', async () => {
    stubApi({ 'GET /api/v1/leads/duplicates': [jsonResponse({ data: [], nextCursor: null })] });
    renderApp('/duplicates');
    expect(await screen.findByText('No possible duplicates.')).toBeVisible();
  });
});
