import { PERMISSION_GROUPS, PERMISSIONS, type Permission } from '@hotleads/shared';
import { Checkbox, Fieldset, Stack, Text } from '@mantine/core';
import { PERMISSION_LABELS } from '../utils/permission-labels';

interface PermissionChecklistProps {
  value: readonly Permission[];
  onChange: (value: Permission[]) => void;
  // Whether the editor may add this permission (the API lets only owners grant what they do not hold).
  mayGrant: (permission: Permission) => boolean;
  disabled?: boolean;
}

// Kept in PERMISSIONS order, as the API stores them.
const ordered = (permissions: Iterable<Permission>): Permission[] => {
  const set = new Set(permissions);
  return PERMISSIONS.filter((permission) => set.has(permission));
};

// Every permission, grouped by area, each with what it allows; an area's own box ticks all of it at once.
export function PermissionChecklist({ value, onChange, mayGrant, disabled = false }: PermissionChecklistProps) {
  const chosen = new Set(value);
  // Removing is always allowed; adding only what the editor may grant.
  const editable = (permission: Permission) => chosen.has(permission) || mayGrant(permission);

  const toggle = (permission: Permission, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(permission);
    else next.delete(permission);
    onChange(ordered(next));
  };

  // Ticks what is still open to tick, or, when nothing is, clears the area.
  const toggleGroup = (permissions: readonly Permission[]) => {
    const on = permissions.some((permission) => !chosen.has(permission) && mayGrant(permission));
    const next = new Set(chosen);
    for (const permission of permissions) {
      if (!on) next.delete(permission);
      else if (mayGrant(permission)) next.add(permission);
    }
    onChange(ordered(next));
  };

  return (
    <Stack gap="md">
      {Object.entries(PERMISSION_GROUPS).map(([area, permissions]) => {
        const count = permissions.filter((permission) => chosen.has(permission)).length;
        const grantable = permissions.filter(mayGrant);
        return (
          <Fieldset key={area} legend={area} variant="filled" p="sm" disabled={disabled}>
            <Stack gap="xs">
              <Checkbox
                label={`All of ${area.toLowerCase()}`}
                checked={count === permissions.length}
                indeterminate={count > 0 && count < permissions.length}
                disabled={disabled || (count === 0 && grantable.length === 0)}
                onChange={() => toggleGroup(permissions)}
                fw={600}
              />
              <Stack gap="xs" pl="lg">
                {permissions.map((permission) => {
                  const locked = !editable(permission);
                  return (
                    <Checkbox
                      key={permission}
                      value={permission}
                      label={PERMISSION_LABELS[permission].label}
                      description={
                        <>
                          {PERMISSION_LABELS[permission].description}{' '}
                          <Text span size="xs" ff="monospace">
                            {permission}
                          </Text>
                          {locked && ' · Only an owner can grant a permission you do not hold.'}
                        </>
                      }
                      checked={chosen.has(permission)}
                      disabled={disabled || locked}
                      onChange={(event) => toggle(permission, event.currentTarget.checked)}
                    />
                  );
                })}
              </Stack>
            </Stack>
          </Fieldset>
        );
      })}
    </Stack>
  );
}
