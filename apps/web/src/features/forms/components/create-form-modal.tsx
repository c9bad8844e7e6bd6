import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { paths } from '@/config/paths';
import { fieldErrorMap } from '@/lib/field-errors';
import { notify } from '@/lib/notify';
import { useCreateForm } from '../api/create-form';
import { FormSettingsFields, newFormBody, NEW_FORM_SETTINGS, type FormSettings, type FormSettingsField } from './form-settings-fields';
import { useFocusFirstInvalid } from './use-focus-first-invalid';

// The essentials; the rest (redirects, defaults, acknowledgment) is on the form's own page, where it opens next.
const CREATE_FIELDS: readonly FormSettingsField[] = ['name', 'type', 'allowedOrigins', 'defaultPriority'];

export function CreateFormModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="New form" size="lg">
      {/* Mounted only while open: a new dialog starts empty. */}
      {opened && <CreateFormBody onClose={onClose} />}
    </Modal>
  );
}

function CreateFormBody({ onClose }: { onClose: () => void }) {
  const [values, setValues] = useState<FormSettings>(NEW_FORM_SETTINGS);
  const create = useCreateForm();
  const navigate = useNavigate();
  const errors = fieldErrorMap(create.error);
  const unplaced = create.error && !CREATE_FIELDS.some((field) => errors[field]);
  const formRef = useFocusFirstInvalid(create.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(newFormBody(values), {
      onSuccess: async (form) => {
        notify('green', 'Form created', `"${form.name}" is ready to embed.`);
        onClose();
        await navigate(paths.form.getHref(form.id));
      },
    });
  };

  return (
    <form onSubmit={submit} ref={formRef} noValidate>
      <Stack gap="md">
        {unplaced && (
          <Alert color="red" title="The form could not be created">
            {create.error.message}
          </Alert>
        )}
        <FormSettingsFields values={values} onChange={setValues} errors={errors} fields={CREATE_FIELDS} disabled={create.isPending} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={create.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create form
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
