import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { AppProvider } from '@/app/provider';
import { createQueryClient } from '@/lib/react-query';
import { conflictRows } from './lead-conflict';
import { LeadConflictDialog, type LeadConflictState } from './lead-conflict-dialog';
import { leadFixture } from './lead-fixtures';

const base = leadFixture({ status: 'processing', priority: 'medium', company: 'Analytical Engines', version: 3 });
// Someone else raised the priority and renamed the company meanwhile.
const current = { ...base, priority: 'urgent' as const, company: 'Babbage & Co', version: 4 };
const nameOf = (id: string | null | undefined) => (id ? `user ${id}` : 'Nobody');

function renderDialog(conflict: LeadConflictState | null) {
  const onReapply = vi.fn();
  const onDiscard = vi.fn();
  render(
    <AppProvider queryClient={createQueryClient()} env="test">
      <LeadConflictDialog conflict={conflict} nameOf={nameOf} reapplying={false} onReapply={onReapply} onDiscard={onDiscard} />
    </AppProvider>,
  );
  return { onReapply, onDiscard, user: userEvent.setup() };
}

const rowOf = (field: string) => screen.getAllByRole('row').find((row) => row.getAttribute('data-field') === field);

describe('conflictRows', () => {
  it('lists the fields changed on the server and the user’s own, marking those both changed', () => {
    const rows = conflictRows(base, current, { company: 'Engines Ltd', tags: ['vip'] });
    expect(rows.map((row) => row.field)).toEqual(['priority', 'tags', 'company']);
    expect(rows.find((row) => row.field === 'priority')).toEqual({ field: 'priority', before: 'medium', theirs: 'urgent', changedOnServer: true });
    expect(rows.find((row) => row.field === 'company')).toMatchObject({ theirs: 'Babbage & Co', yours: { value: 'Engines Ltd' }, changedOnServer: true });
    expect(rows.find((row) => row.field === 'tags')).toMatchObject({ yours: { value: ['vip'] }, changedOnServer: false });
  });

  it('shows only the user’s fields when the lead as they saw it is unknown', () => {
    expect(conflictRows(undefined, current, { name: 'Ada' }).map((row) => row.field)).toEqual(['name']);
  });
});

describe('LeadConflictDialog', () => {
  it('shows theirs next to yours and reapplies or discards on request', async () => {
    const { onReapply, onDiscard, user } = renderDialog({ base, current, changes: { company: 'Engines Ltd' } });

    const dialog = await screen.findByRole('dialog', { name: 'Someone else changed this lead' });
    const company = rowOf('company')!;
    expect(within(company).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['Analytical Engines', 'Babbage & Co', 'Engines Ltd']);
    expect(company).toHaveTextContent('both changed');
    const priority = rowOf('priority')!;
    expect(within(priority).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['Medium', 'Urgent', 'not changed']);

    await user.click(within(dialog).getByRole('button', { name: 'Reapply my change' }));
    expect(onReapply).toHaveBeenCalledTimes(1);
    await user.click(within(dialog).getByRole('button', { name: 'Discard mine' }));
    expect(onDiscard).toHaveBeenCalledTimes(1);
  });

  it('refuses to reapply a status move the lead no longer allows', async () => {
    const archived = { ...current, status: 'archived' as const };
    renderDialog({ base, current: archived, changes: { status: 'contacted' } });

    await screen.findByRole('dialog');
    expect(screen.getByText(/cannot move to Contacted from there/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Reapply my change' })).toBeDisabled();
  });

  it('renders nothing without a conflict', () => {
    renderDialog(null);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});
