import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { stubApi } from '@/testing/api-stub';
import { jsonResponse } from '@/testing/http';
import { renderApp } from '@/testing/render-app';
import type { AssignmentPreview, AssignmentRule, AssignmentSettings } from '../api/assignment';

const ADA = 'a1a1a1a1-1d3f-4e5a-9b8c-7d6e5f4a3b2c';
const BO = 'b2b2b2b2-1d3f-4e5a-9b8c-7d6e5f4a3b2c';
const RULE_ID = 'c3c3c3c3-1d3f-4e5a-9b8c-7d6e5f4a3b2c';

const user = (id: string, name: string) => ({
  id,
  email: `${name.toLowerCase().replace(' ', '.')}@example.com`,
  name,
  roleId: 'd4d4d4d4-1d3f-4e5a-9b8c-7d6e5f4a3b2c',
  roleName: 'Agent',
  status: 'active',
  mfaEnabled: false,
  away: false,
  leadCapacity: null,
  lastLoginAt: null,
  createdAt: '2026-12-01T10:00:00.000Z',
});

const rule = (overrides: Partial<AssignmentRule> = {}): AssignmentRule => ({
  id: RULE_ID,
  name: 'Urgent to Ada',
  condition: { all: [{ field: 'priority', op: 'in', value: ['urgent'] }, { field: 'score', op: 'gte', value: 60 }] },
  action: 'user',
  userId: ADA,
  groupUserIds: [],
  lastUserId: null,
  enabled: true,
  position: 1,
  ...overrides,
});

const settings = (rules: AssignmentRule[]): AssignmentSettings => ({ rules, timeZone: 'Europe/Berlin' });

const preview = (): AssignmentPreview => ({
  rows: [
    { leadId: 'e5e5e5e5-1d3f-4e5a-9b8c-7d6e5f4a3b2c', name: 'Grace Hopper', createdAt: '2026-12-01T10:00:00.000Z', userId: BO, ruleId: 'f6', ruleName: 'Everyone in turn' },
    { leadId: 'e6e6e6e6-1d3f-4e5a-9b8c-7d6e5f4a3b2c', name: null, createdAt: '2026-12-01T09:00:00.000Z', userId: null, ruleId: null, ruleName: null },
  ],
  byUser: { [BO]: 1 },
  unassigned: 1,
});

describe('Settings → Assignment', { timeout: 60_000 }, () => {
  it('lists the rules with who gets the leads, and the preview of the last 100 leads', async () => {
    stubApi({
      'GET /api/v1/settings/assignment': [jsonResponse(settings([rule()]))],
      'GET /api/v1/settings/assignment/preview': [jsonResponse(preview())],
      'GET /api/v1/users': [jsonResponse({ data: [user(ADA, 'Ada Agent'), user(BO, 'Bo Agent')], nextCursor: null })],
    });
    renderApp('/settings/assignment');
    const table = await screen.findByRole('table', { name: 'Assignment rules' });
    const row = within(table).getAllByRole('row')[1];
    expect(row).toHaveTextContent('Priority is one of Urgent and Score at least 60');
    expect(await within(row).findByText('Assign to Ada Agent')).toBeVisible();
    expect(within(row).getByRole('switch', { name: 'Urgent to Ada enabled' })).toBeChecked();
    const list = await screen.findByRole('list', { name: 'Leads per person' });
    expect(list).toHaveTextContent('Bo Agent: 1');
    expect(list).toHaveTextContent('Unassigned: 1');
    const previewTable = screen.getByRole('table', { name: 'Preview of the last 100 leads' });
    expect(within(previewTable).getAllByRole('row')[1]).toHaveTextContent('Grace Hopper');
    expect(within(previewTable).getAllByRole('row')[1]).toHaveTextContent('Everyone in turn');
    expect(within(previewTable).getAllByRole('row')[2]).toHaveTextContent('No rule matches');
    expect(screen.getByRole('combobox', { name: /Time zone/ })).toHaveValue('Europe/Berlin');
  });

  it('adds a round-robin rule with a time-of-day condition, then reads the preview again', async () => {
    const created = rule({ id: 'c4c4c4c4-1d3f-4e5a-9b8c-7d6e5f4a3b2c', name: 'Office hours', action: 'round_robin', userId: null, groupUserIds: [ADA, BO], condition: { field: 'timeOfDay', op: 'between', value: { from: '08:00', to: '18:00' } }, position: 2 });
    const calls = stubApi({
      'GET /api/v1/settings/assignment': [jsonResponse(settings([rule()])), jsonResponse(settings([rule(), created]))],
      'GET /api/v1/settings/assignment/preview': [jsonResponse({ rows: [], byUser: {}, unassigned: 0 }), jsonResponse(preview())],
      'GET /api/v1/users': [jsonResponse({ data: [user(ADA, 'Ada Agent'), user(BO, 'Bo Agent')], nextCursor: null })],
      'POST /api/v1/settings/assignment-rules': [jsonResponse(created, 201)],
    });
    const { user: person } = renderApp('/settings/assignment');
    expect(await screen.findByText('No leads yet.')).toBeVisible();
    await person.click(await screen.findByRole('button', { name: 'Add a rule' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add an assignment rule' });
    await person.type(within(dialog).getByRole('textbox', { name: /^Name/ }), 'Office hours');
    await person.click(within(dialog).getByRole('button', { name: 'Add a part' }));
    await person.click(within(dialog).getByRole('combobox', { name: 'Part 1: field' }));
    await person.click(screen.getByRole('option', { name: 'Time of day' }));
    const from = within(dialog).getByRole('textbox', { name: 'Part 1: value: from' });
    await person.clear(from);
    await person.type(from, '08:00');
    const to = within(dialog).getByRole('textbox', { name: 'Part 1: value: to' });
    await person.clear(to);
    await person.type(to, '18:00');
    // The group is required for round-robin.
    await person.click(within(dialog).getByRole('button', { name: 'Add rule' }));
    expect(within(dialog).getByText('Choose at least one user')).toBeVisible();
    await person.click(within(dialog).getByRole('combobox', { name: /Group, in turn order/ }));
    await person.click(await screen.findByRole('option', { name: 'Ada Agent' }));
    await person.click(screen.getByRole('option', { name: 'Bo Agent' }));
    await person.click(within(dialog).getByRole('button', { name: 'Add rule' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      name: 'Office hours',
      condition: { field: 'timeOfDay', op: 'between', value: { from: '08:00', to: '18:00' } },
      enabled: true,
      action: 'round_robin',
      groupUserIds: [ADA, BO],
    });
    expect(await screen.findByText('Round-robin among Ada Agent, Bo Agent')).toBeVisible();
    expect(await screen.findByText('Grace Hopper')).toBeVisible();
  });
});
