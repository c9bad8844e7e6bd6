import type { Schemas } from '@hotleads/api-client';
import { canTransition } from '@hotleads/shared';
import { Alert, Badge, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { STATUS_LABELS } from '@/utils/lead-labels';
import { conflictRows } from './lead-conflict';
import { fieldLabel } from './lead-labels';
import { fieldValueText } from './lead-values';
import type { NameOf } from './use-people';

type LeadDto = Schemas['LeadDto'];
type LeadChanges = Schemas['UpdateLeadDto'];

export interface LeadConflictState {
  // The lead as the user saw it, as it is on the server now, and what the user tried to change.
  base: LeadDto | undefined;
  current: LeadDto;
  changes: LeadChanges;
}

interface LeadConflictDialogProps {
  conflict: LeadConflictState | null;
  nameOf: NameOf;
  reapplying: boolean;
  onReapply: () => void;
  onDiscard: () => void;
}

// A 412 on save: someone changed the lead after it was loaded. Shows what they changed next to the user's
// change, and lets the user apply theirs on top of the current version or drop it.
export function LeadConflictDialog({ conflict, nameOf, reapplying, onReapply, onDiscard }: LeadConflictDialogProps) {
  const rows = conflict ? conflictRows(conflict.base, conflict.current, conflict.changes) : [];
  const status = conflict?.changes.status;
  const statusBlocked = conflict && status && status !== conflict.current.status && !canTransition(conflict.current.status, status);
  const text = (field: string, value: unknown) => fieldValueText(field, value, nameOf);

  return (
    <Modal opened={conflict !== null} onClose={onDiscard} title="Someone else changed this lead" size="xl" closeButtonProps={{ 'aria-label': 'Discard my change' }}>
      {conflict && (
        <Stack gap="md">
          <Text size="sm">
            The lead changed after you opened it, so your change was not saved. Compare the values below, then reapply your change on top of the
            current lead or discard it.
          </Text>
          <Table.ScrollContainer minWidth={520}>
            <Table striped withTableBorder aria-label="Changed fields">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Field</Table.Th>
                  <Table.Th scope="col">When you opened it</Table.Th>
                  <Table.Th scope="col">Theirs (now)</Table.Th>
                  <Table.Th scope="col">Yours</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr key={row.field} data-field={row.field}>
                    <Table.Th scope="row" fw={600}>
                      <Group gap={6} wrap="nowrap">
                        {fieldLabel(row.field)}
                        {row.changedOnServer && row.yours && (
                          <Badge size="xs" color="red" variant="filled" tt="none">
                            both changed
                          </Badge>
                        )}
                      </Group>
                    </Table.Th>
                    <Table.Td>{conflict.base ? text(row.field, row.before) : 'unknown'}</Table.Td>
                    <Table.Td fw={row.changedOnServer ? 600 : undefined}>{text(row.field, row.theirs)}</Table.Td>
                    <Table.Td>{row.yours ? text(row.field, row.yours.value) : 'not changed'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {statusBlocked && (
            <Alert color="orange" icon={<IconAlertTriangle size={18} aria-hidden />} title="Your status change no longer fits">
              The lead is now {STATUS_LABELS[conflict.current.status]} and cannot move to {STATUS_LABELS[status]} from there, so your change
              cannot be reapplied. Discard it and pick one of the statuses offered.
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onDiscard} disabled={reapplying}>
              Discard mine
            </Button>
            <Button onClick={onReapply} loading={reapplying} disabled={Boolean(statusBlocked)}>
              Reapply my change
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
