import { Switch } from '@mantine/core';
import { notify } from '@/lib/notify';
import type { Form } from '../api/get-forms';
import { useUpdateForm } from '../api/update-form';

interface FormEnabledSwitchProps {
  form: Form;
  // In a list the switch needs the form's name to say which form it turns on or off.
  label: string;
  hideLabel?: boolean;
}

// Turns a form on or off. While the change is on its way the switch already shows the new state.
export function FormEnabledSwitch({ form, label, hideLabel }: FormEnabledSwitchProps) {
  const update = useUpdateForm();
  const checked = update.isPending ? (update.variables.change.enabled ?? form.enabled) : form.enabled;
  const toggle = (enabled: boolean) =>
    update.mutate(
      { id: form.id, change: { enabled } },
      {
        onSuccess: (saved) =>
          notify(
            'green',
            saved.enabled ? 'Form enabled' : 'Form disabled',
            saved.enabled ? `"${saved.name}" accepts submissions again.` : `"${saved.name}" now answers 404 to submissions.`,
          ),
        onError: (error) => notify('red', 'The form was not changed', error.message),
      },
    );
  return (
    <Switch
      checked={checked}
      onChange={(event) => toggle(event.currentTarget.checked)}
      disabled={update.isPending}
      label={hideLabel ? undefined : label}
      aria-label={hideLabel ? label : undefined}
      color="green"
    />
  );
}
