import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { stubApi } from '@/testing/api-stub';
import { jsonResponse, problemResponse } from '@/testing/http';
import { renderApp } from '@/testing/render-app';
import { testUser } from '@/testing/session';
import type { ScoringRule, ScoringSettings } from '../api/scoring';

const RULE_ID = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const OTHER_ID = '2c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

const rule = (overrides: Partial<ScoringRule> = {}): ScoringRule => ({
  id: RULE_ID,
  name: 'High or urgent priority',
  condition: { field: 'priority', op: 'in', value: ['high', 'urgent'] },
  points: 15,
  enabled: true,
  position: 1,
  ...overrides,
});

const settings = (overrides: Partial<ScoringSettings> = {}): ScoringSettings => ({
  rules: [rule(), rule({ id: OTHER_ID, name: 'Email will bounce', condition: { field: 'emailVerdict', op: 'in', value: ['undeliverable'] }, points: -30, position: 2 })],
  decayPerDay: 1,
  rescore: { status: 'done', total: 120, done: 120, startedAt: '2026-12-01T10:00:00.000Z', finishedAt: '2026-12-01T10:00:02.000Z' },
  ...overrides,
});

describe('Settings → Scoring', { timeout: 60_000 }, () => {
  it('lists the rules in words, with their points, and the last rescoring', async () => {
    stubApi({ 'GET /api/v1/settings/scoring': [jsonResponse(settings())] });
    renderApp('/settings/scoring');
    const table = await screen.findByRole('table', { name: 'Scoring rules' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('High or urgent priority');
    expect(rows[0]).toHaveTextContent('Priority is one of High, Urgent');
    expect(rows[0]).toHaveTextContent('+15');
    expect(rows[1]).toHaveTextContent('Email verdict is one of Undeliverable');
    expect(rows[1]).toHaveTextContent('-30');
    expect(screen.getByText(/Every lead is scored with these rules \(120 leads/)).toBeVisible();
    expect(screen.getByRole('textbox', { name: /Points lost per day/ })).toHaveValue('1');
    expect(screen.getByRole('navigation', { name: 'Main navigation' })).toHaveTextContent('Scoring');
  });

  it('builds a rule with the condition editor, previews it, and saves it; then shows the rescoring progress', async () => {
    const created = rule({ id: '3c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', name: 'VIP tag', condition: { field: 'tags', op: 'hasAny', value: ['vip'] }, points: 40, position: 3 });
    const calls = stubApi({
      'GET /api/v1/settings/scoring': [
        jsonResponse(settings()),
        jsonResponse(settings({ rules: [...settings().rules, created], rescore: { status: 'running', total: 1000, done: 250, startedAt: '2026-12-01T11:00:00.000Z', finishedAt: null } })),
      ],
      'POST /api/v1/settings/scoring/preview': [jsonResponse({ sampled: 10_000, matches: 1204, averageBefore: 41, averageAfter: 47 })],
      'POST /api/v1/settings/scoring-rules': [
        problemResponse(422, { code: 'invalid_condition', title: 'The condition is not valid', detail: 'condition.value: value must be 1 to 50 non-empty strings' }),
        jsonResponse(created, 201),
      ],
    });
    const { user } = renderApp('/settings/scoring');
    await user.click(await screen.findByRole('button', { name: 'Add a rule' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a scoring rule' });
    // Nothing is sent while the rule is incomplete.
    await user.click(within(dialog).getByRole('button', { name: 'Preview' }));
    expect(within(dialog).getByText('Give the rule a name')).toBeVisible();
    expect(within(dialog).getByText('Add at least one part to the condition')).toBeVisible();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    await user.type(within(dialog).getByRole('textbox', { name: /^Name/ }), 'VIP tag');
    await user.click(within(dialog).getByRole('button', { name: 'Add a part' }));
    // Score and time of day are for assignment rules only.
    await user.click(within(dialog).getByRole('combobox', { name: 'Part 1: field' }));
    expect(screen.queryByRole('option', { name: 'Score' })).toBeNull();
    await user.click(screen.getByRole('option', { name: 'Tags' }));
    await user.click(within(dialog).getByRole('button', { name: 'Preview' }));
    expect(within(dialog).getByText('Part 1: Add at least one value')).toBeVisible();
    await user.type(within(dialog).getByRole('combobox', { name: 'Part 1: value' }), 'vip{Enter}');
    const points = within(dialog).getByRole('textbox', { name: /^Points/ });
    await user.clear(points);
    await user.type(points, '40');
    await user.click(within(dialog).getByRole('button', { name: 'Preview' }));
    expect(await within(dialog).findByText('This rule matches 1,204 of the last 10,000 leads; the average score moves from 41 to 47.')).toBeVisible();
    expect(calls.find((c) => c.path.endsWith('/preview'))?.body).toEqual({ name: 'VIP tag', condition: { field: 'tags', op: 'hasAny', value: ['vip'] }, points: 40, enabled: true });

    await user.click(within(dialog).getByRole('button', { name: 'Add rule' }));
    expect(await within(dialog).findByText(/value must be 1 to 50/)).toBeVisible();
    await user.click(within(dialog).getByRole('button', { name: 'Add rule' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls.filter((c) => c.method === 'POST' && c.path === '/api/v1/settings/scoring-rules').at(-1)?.body).toEqual({
      name: 'VIP tag',
      condition: { field: 'tags', op: 'hasAny', value: ['vip'] },
      points: 40,
      enabled: true,
    });
    expect(await screen.findByText('250 of 1,000')).toBeVisible();
    expect(screen.getByRole('progressbar', { name: 'Rescoring progress' })).toBeVisible();
    expect(within(screen.getByRole('table', { name: 'Scoring rules' })).getByText('VIP tag')).toBeVisible();
  });

  it('joins several parts with any, moves a rule down, turns one off and deletes one', async () => {
    const calls = stubApi({
      'GET /api/v1/settings/scoring': [jsonResponse(settings())],
      [`PATCH /api/v1/settings/scoring-rules/${RULE_ID}`]: (call) => jsonResponse(rule(call.body as Partial<ScoringRule>)),
      [`PATCH /api/v1/settings/scoring-rules/${OTHER_ID}`]: (call) => jsonResponse(rule({ id: OTHER_ID, ...(call.body as Partial<ScoringRule>) })),
      [`DELETE /api/v1/settings/scoring-rules/${OTHER_ID}`]: [new Response(null, { status: 204 })],
      'POST /api/v1/settings/scoring/preview': [jsonResponse({ sampled: 0, matches: 0, averageBefore: null, averageAfter: null })],
    });
    const { user } = renderApp('/settings/scoring');
    await user.click(await screen.findByRole('button', { name: 'Move High or urgent priority down' }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'PATCH').map((c) => [c.path.split('/').at(-1), c.body])).toEqual([
      [OTHER_ID, { position: 1 }],
      [RULE_ID, { position: 2 }],
    ]));
    await user.click(screen.getByRole('switch', { name: 'Email will bounce enabled' }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'PATCH').at(-1)?.body).toEqual({ enabled: false }));

    await user.click(screen.getByRole('button', { name: 'Edit High or urgent priority' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit scoring rule' });
    await user.click(within(dialog).getByRole('button', { name: 'Add a part' }));
    await user.click(within(dialog).getByRole('radio', { name: 'Any may hold' }));
    await user.type(within(dialog).getByRole('combobox', { name: 'Part 2: value' }), 'partner{Enter}');
    await user.click(within(dialog).getByRole('button', { name: 'Preview' }));
    expect(await within(dialog).findByText('There are no leads yet to try the rule on.')).toBeVisible();
    expect(calls.find((c) => c.path.endsWith('/preview'))?.body).toMatchObject({
      id: RULE_ID,
      condition: { any: [{ field: 'priority', op: 'in', value: ['high', 'urgent'] }, { field: 'tags', op: 'hasAny', value: ['partner'] }] },
    });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));

    await user.click(screen.getByRole('button', { name: 'Delete Email will bounce' }));
    const confirm = await screen.findByRole('dialog', { name: 'Delete this scoring rule?' });
    await user.click(within(confirm).getByRole('button', { name: 'Delete rule' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'DELETE')).toBe(true));
  });

  it('is not offered without settings:manage', async () => {
    stubApi({});
    renderApp('/settings/scoring', { user: testUser(['leads:read']) });
    expect(await screen.findByText(/settings:manage/)).toBeVisible();
    expect(screen.getByRole('navigation', { name: 'Main navigation' })).not.toHaveTextContent('Scoring');
  });
});
