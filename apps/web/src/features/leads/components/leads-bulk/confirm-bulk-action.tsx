import { Button, Group, Modal, Text } from '@mantine/core';
import type { BulkChange } from './bulk-toolbar';

export type PendingBulkAction =
  | { kind: 'update'; change: BulkChange; count: number; allMatching: boolean }
  | { kind: 'delete'; count: number; allMatching: boolean };

interface ConfirmBulkActionProps {
  action: PendingBulkAction | null;
  onConfirm: (action: PendingBulkAction) => void;
  onCancel: () => void;
}

const n = (value: number) => value.toLocaleString('en');

// Asked before deleting, and before changing every lead matching a filter (which may reach far beyond the screen).
export function ConfirmBulkAction({ action, onConfirm, onCancel }: ConfirmBulkActionProps) {
  const leads = action ? `${action.allMatching ? 'all ' : ''}${n(action.count)} ${action.count === 1 ? 'lead' : 'leads'}` : '';
  const title = !action ? '' : action.kind === 'delete' ? `Move ${leads} to the trash?` : `Change ${leads}?`;
  return (
    <Modal opened={action !== null} onClose={onCancel} title={title} size="md">
      {action && (
        <>
          <Text size="sm">
            {action.kind === 'delete'
              ? 'They can be restored from the trash until the workspace’s retention period purges them.'
              : `This sets ${action.change.description} on ${leads}${action.allMatching ? ' matching the current filters, including those not loaded on screen' : ''}. Leads that cannot change are skipped and listed.`}
          </Text>
          <Group justify="flex-end" mt="lg">
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
            <Button color={action.kind === 'delete' ? 'red' : undefined} onClick={() => onConfirm(action)} data-autofocus>
              {action.kind === 'delete' ? 'Move to trash' : 'Apply'}
            </Button>
          </Group>
        </>
      )}
    </Modal>
  );
}
