import { render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { AppProvider } from '@/app/provider';
import { createQueryClient } from '@/lib/react-query';
import { AuditChanges } from './audit-changes';

const renderWithTheme = (ui: ReactNode) =>
  render(
    <AppProvider queryClient={createQueryClient()} env="test">
      {ui}
    </AppProvider>,
  );

// The table's rows as [field, before, after] texts.
function rows(): string[][] {
  const table = screen.getByRole('table', { name: 'Changed fields' });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent ?? ''));
}

describe('AuditChanges', () => {
  it('shows each changed field before and after, and only the members of an object that changed', () => {
    renderWithTheme(
      <AuditChanges
        changes={{
          name: { from: 'Acme', to: 'Acme EMEA' },
          slaMinutes: {
            from: { urgent: 15, high: 60, medium: 240, low: 1440 },
            to: { urgent: 5, high: 60, medium: 240, low: 1440 },
          },
          requireMfa: { from: false, to: true },
          assigneeId: { from: null, to: 'b9d2' },
          permissions: {
            from: ['leads:read'],
            to: ['leads:read', 'leads:write'],
          },
        }}
      />,
    );

    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Field', 'Before', 'After']);
    expect(rows()).toEqual([
      ['name', 'Acme', 'Acme EMEA'],
      ['slaMinutes.urgent', '15', '5'],
      ['requireMfa', 'false', 'true'],
      ['assigneeId', '(none)', 'b9d2'],
      ['permissions', 'leads:read', 'leads:read, leads:write'],
    ]);
  });

  it('shows recorded values alone when the entry has no before', () => {
    renderWithTheme(<AuditChanges changes={{ name: 'Zapier', scopes: ['leads:write'], expiresAt: null }} />);

    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Field', 'Value']);
    expect(rows()).toEqual([
      ['name', 'Zapier'],
      ['scopes', 'leads:write'],
      ['expiresAt', '(none)'],
    ]);
  });

  it('says so when nothing was changed', () => {
    renderWithTheme(<AuditChanges changes={null} />);
    expect(screen.getByText('This entry records no changed fields.')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
