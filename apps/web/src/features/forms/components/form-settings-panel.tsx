import { Alert, Button, Group, Stack } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { fieldErrorMap } from '@/lib/field-errors';
import { notify } from '@/lib/notify';
import type { Form } from '../api/get-forms';
import { useUpdateForm } from '../api/update-form';
import { changedSettings, FormSettingsFields, settingsOf, type FormSettings, type FormSettingsField } from './form-settings-fields';
import { useFocusFirstInvalid } from './use-focus-first-invalid';

export function FormSettingsPanel({ form }: { form: Form }) {
  const [saved, setSaved] = useState<FormSettings>(() => settingsOf(form));
  const [draft, setDraft] = useState<FormSettings>(saved);
  const update = useUpdateForm();
  const change = changedSettings(saved, draft);
  const dirty = Object.keys(change).length > 0;
  const errors = fieldErrorMap(update.error);
  const unplaced = update.error && !(Object.keys(draft) as FormSettingsField[]).some((field) => errors[field]);
  const formRef = useFocusFirstInvalid(update.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      { id: form.id, change },
      {
        onSuccess: (next) => {
          // What the API stored (origins normalised, tags de-duplicated) becomes the new starting point.
          setSaved(settingsOf(next));
          setDraft(settingsOf(next));
          notify('green', 'Form saved', `Changes to "${next.name}" are live.`);
        },
      },
    );
  };

  const discard = () => {
    setDraft(saved);
    update.reset();
  };

  return (
    <form onSubmit={submit} ref={formRef} noValidate aria-label="Form settings">
      <Stack gap="lg">
        {unplaced && (
          <Alert color="red" title="The changes were not saved">
            {update.error.message}
          </Alert>
        )}
        <FormSettingsFields values={draft} onChange={setDraft} errors={errors} disabled={update.isPending} />
        <Group gap="sm">
          <Button type="submit" loading={update.isPending} disabled={!dirty}>
            Save changes
          </Button>
          <Button variant="default" onClick={discard} disabled={!dirty || update.isPending}>
            Discard
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
