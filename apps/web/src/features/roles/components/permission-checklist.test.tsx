import { PERMISSION_GROUPS, type Permission } from '@hotleads/shared';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { AppProvider } from '@/app/provider';
import { createQueryClient } from '@/lib/react-query';
import { PermissionChecklist } from './permission-checklist';

function Harness({ initial, mayGrant, onChange }: { initial: Permission[]; mayGrant: (p: Permission) => boolean; onChange: (p: Permission[]) => void }) {
  const [value, setValue] = useState(initial);
  return (
    <PermissionChecklist
      value={value}
      mayGrant={mayGrant}
      onChange={(next) => {
        setValue(next);
        onChange(next);
      }}
    />
  );
}

function renderChecklist(initial: Permission[], mayGrant: (p: Permission) => boolean = () => true) {
  const onChange = vi.fn<(permissions: Permission[]) => void>();
  const user = userEvent.setup();
  render(
    <AppProvider queryClient={createQueryClient()} env="test">
      <Harness initial={initial} mayGrant={mayGrant} onChange={onChange} />
    </AppProvider>,
  );
  return { user, onChange, area: (name: string) => screen.getByRole('group', { name }) };
}

describe('PermissionChecklist', () => {
  it('groups every permission by area, with what it allows', () => {
    const { area } = renderChecklist([]);
    for (const [name, permissions] of Object.entries(PERMISSION_GROUPS)) {
      expect(within(area(name)).getAllByRole('checkbox')).toHaveLength(permissions.length + 1);
    }
    expect(within(area('Leads')).getByRole('checkbox', { name: /^Export leads/ })).toHaveAccessibleDescription(/Download leads as CSV\. leads:export/);
  });

  it('ticks single permissions and keeps them in the API’s order', async () => {
    const { user, area, onChange } = renderChecklist([]);
    await user.click(within(area('Leads')).getByRole('checkbox', { name: /^Export leads/ }));
    await user.click(within(area('Leads')).getByRole('checkbox', { name: /^View leads/ }));
    expect(onChange).toHaveBeenLastCalledWith(['leads:read', 'leads:export']);
    // Part of the area: its own box is neither ticked nor clear.
    expect(within(area('Leads')).getByRole('checkbox', { name: 'All of leads' })).toHaveAttribute('data-indeterminate', 'true');
  });

  it('ticks and clears a whole area with its own box', async () => {
    const { user, area, onChange } = renderChecklist(['audit:read']);
    const all = within(area('Leads')).getByRole('checkbox', { name: 'All of leads' });
    await user.click(all);
    expect(onChange).toHaveBeenLastCalledWith([...PERMISSION_GROUPS.Leads!, 'audit:read']);
    expect(all).toBeChecked();
    await user.click(all);
    expect(onChange).toHaveBeenLastCalledWith(['audit:read']);
  });

  it('locks what the editor may not grant, but lets them remove what the role already has', async () => {
    const holds: Permission[] = ['leads:read', 'leads:write', 'users:manage'];
    const { user, area, onChange } = renderChecklist(['leads:read', 'settings:manage'], (p) => holds.includes(p));
    const settings = within(area('Workspace')).getByRole('checkbox', { name: /^Manage workspace settings/ });
    const apiKeys = within(area('Workspace')).getByRole('checkbox', { name: /^Manage API keys/ });
    expect(apiKeys).toBeDisabled();
    expect(apiKeys).toHaveAccessibleDescription(/Only an owner can grant a permission you do not hold\./);
    expect(settings).toBeEnabled();

    await user.click(settings);
    expect(onChange).toHaveBeenLastCalledWith(['leads:read']);
    // The area's box adds only what may be granted.
    await user.click(within(area('Workspace')).getByRole('checkbox', { name: 'All of workspace' }));
    expect(onChange).toHaveBeenLastCalledWith(['leads:read', 'users:manage']);
  });
});
