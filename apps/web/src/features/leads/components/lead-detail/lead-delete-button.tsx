import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconTrash } from '@tabler/icons-react';
import { useDeleteLead } from '@/features/leads/api/delete-lead';

// To the trash, after a confirmation; the lead stays restorable until it is purged.
export function LeadDeleteButton({ leadId, leadName }: { leadId: string; leadName: string }) {
  const [opened, dialog] = useDisclosure(false);
  const remove = useDeleteLead();
  const confirm = () => remove.mutate({ id: leadId }, { onSettled: dialog.close });
  return (
    <>
      <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} aria-hidden />} onClick={dialog.open}>
        Delete
      </Button>
      <Modal opened={opened} onClose={dialog.close} title="Move this lead to the trash?">
        <Stack gap="md">
          <Text size="sm">
            {leadName} leaves the lists and can be restored from the trash until the workspace's retention period ends.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={dialog.close}>
              Cancel
            </Button>
            <Button color="red" onClick={confirm} loading={remove.isPending}>
              Move to trash
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
