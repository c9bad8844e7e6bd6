import type { Schemas } from '@hotleads/api-client';
import { Alert, Button, Group, Text } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useRestoreLead } from '@/features/leads/api/restore-lead';
import { formatDateTime } from './lead-format';

type LeadDto = Schemas['LeadDto'];

export function LeadTrashBanner({ lead, canRestore }: { lead: LeadDto; canRestore: boolean }) {
  const restore = useRestoreLead();
  if (!lead.deletedAt) return null;
  return (
    <Alert color="red" variant="light" icon={<IconTrash size={18} aria-hidden />} title="This lead is in the trash">
      <Group justify="space-between" gap="xs">
        <Text size="sm">
          Moved there {formatDateTime(lead.deletedAt)}. It is read-only until restored, and is purged when the workspace's retention period ends.
        </Text>
        {canRestore && (
          <Button size="xs" color="green" onClick={() => restore.mutate({ id: lead.id })} loading={restore.isPending}>
            Restore
          </Button>
        )}
      </Group>
    </Alert>
  );
}
