import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconTrash } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { paths } from '@/config/paths';
import { notify } from '@/lib/notify';
import { useDeleteForm } from '../api/delete-form';
import type { Form } from '../api/get-forms';

export function DeleteFormButton({ form }: { form: Form }) {
  const [opened, dialog] = useDisclosure(false);
  const remove = useDeleteForm();
  const navigate = useNavigate();

  const confirm = () =>
    remove.mutate(form.id, {
      onSuccess: async () => {
        notify('green', 'Form deleted', `"${form.name}" no longer accepts submissions.`);
        dialog.close();
        await navigate(paths.forms.getHref());
      },
      onError: (error) => notify('red', 'The form was not deleted', error.message),
    });

  return (
    <>
      <Button variant="default" color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={dialog.open}>
        Delete
      </Button>
      <Modal opened={opened} onClose={dialog.close} title={`Delete the form "${form.name}"?`}>
        <Stack gap="md">
          <Text size="sm">
            Its URL stops accepting submissions at once, so any website still using it will show an error. The leads it brought in
            stay. This cannot be undone; to pause the form instead, disable it.
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={dialog.close} disabled={remove.isPending} data-autofocus>
              Cancel
            </Button>
            <Button color="red" onClick={confirm} loading={remove.isPending}>
              Delete form
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
