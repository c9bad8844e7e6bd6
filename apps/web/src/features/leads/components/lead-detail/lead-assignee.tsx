import type { Schemas } from '@hotleads/api-client';
import { Button, Group, Select, Stack, Text } from '@mantine/core';
import { IconHandGrab, IconUserMinus, IconUserPlus } from '@tabler/icons-react';
import type { Assignee } from '@/features/leads/api/list-assignees';
import { useClaimLead } from '@/features/leads/api/claim-lead';
import { useReleaseLead } from '@/features/leads/api/release-lead';
import { useSignedIn } from '@/lib/authorization';
import type { LeadAccess } from './lead-access';
import type { NameOf } from './use-people';

type LeadDto = Schemas['LeadDto'];

interface LeadAssigneeProps {
  lead: LeadDto;
  access: LeadAccess;
  nameOf: NameOf;
  users: Assignee[] | undefined;
  onAssign: (assigneeId: string | null) => void;
}

// Who works the lead. Everyone with leads:write claims a free lead and releases their own; managers
// (leads:assign) also take or free anyone's, and pick from the team when they may list its users.
export function LeadAssignee({ lead, access, nameOf, users, onAssign }: LeadAssigneeProps) {
  const { user } = useSignedIn();
  const claim = useClaimLead();
  const release = useReleaseLead();

  const options = (users ?? []).map((u) => ({ value: u.id, label: u.id === user.id ? `${u.name || u.email} (you)` : u.name || u.email }));
  // A holder missing from the list (disabled since) still shows by id rather than as an empty field.
  if (lead.assigneeId && !options.some((o) => o.value === lead.assigneeId)) options.push({ value: lead.assigneeId, label: nameOf(lead.assigneeId) });

  return (
    <Stack gap={6}>
      {access.pickAssignee ? (
        <Select
          label="Assignee"
          placeholder="Unassigned"
          data={options}
          value={lead.assigneeId}
          onChange={(value) => value !== lead.assigneeId && onAssign(value)}
          searchable
          clearable
          nothingFoundMessage="No active user matches"
          comboboxProps={{ withinPortal: true }}
        />
      ) : (
        <div>
          <Text size="xs" fw={600} c="dimmed">
            Assignee
          </Text>
          <Text size="sm" data-testid="lead-assignee">
            {lead.assigneeId ? nameOf(lead.assigneeId) : 'Unassigned'}
          </Text>
        </div>
      )}
      {(access.claim || access.release || access.assignSelf) && (
        <Group gap="xs">
          {access.claim && (
            <Button size="xs" variant="light" leftSection={<IconHandGrab size={14} aria-hidden />} onClick={() => claim.mutate({ id: lead.id })}>
              {access.pickAssignee ? 'Assign to me' : 'Claim'}
            </Button>
          )}
          {access.assignSelf && (
            <Button size="xs" variant="light" leftSection={<IconUserPlus size={14} aria-hidden />} onClick={() => onAssign(user.id)}>
              Assign to me
            </Button>
          )}
          {access.release && (
            <Button size="xs" variant="default" leftSection={<IconUserMinus size={14} aria-hidden />} onClick={() => release.mutate({ id: lead.id })}>
              {lead.assigneeId === user.id ? 'Release' : 'Unassign'}
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
}
