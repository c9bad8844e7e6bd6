import '@mantine/dates/styles.css';
import { Alert, Button, Group, Modal, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import dayjs from 'dayjs';
import { useId, useState, type FormEvent } from 'react';
import { fieldErrorMap } from '@/lib/field-errors';
import { notify } from '@/lib/notify';
import { useCreateApiKey, type ApiKeyScope } from '../api/create-api-key';
import { EXPIRY_CHOICES, expiresAtOf, type ExpiryChoice } from '../utils/expiry';
import { ApiKeySecret } from './api-key-secret';
import { ScopeChecklist } from './scope-checklist';

// Two steps in one dialog: the key's name, scopes and expiry, then its secret, shown this once. Closing the
// dialog forgets the secret for good.
export function CreateApiKeyModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const create = useCreateApiKey();
  const created = create.data;
  const close = () => {
    create.reset();
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={created ? 'Copy your new API key' : 'New API key'}
      size="lg"
      // A stray click beside the dialog must not throw the secret away.
      closeOnClickOutside={!created}
    >
      {opened &&
        (created ? (
          <ApiKeySecret created={created} onDone={close} />
        ) : (
          <CreateApiKeyForm
            pending={create.isPending}
            error={create.error}
            onCancel={close}
            onSubmit={(input) =>
              create.mutate(input, {
                onSuccess: ({ apiKey }) =>
                  notify('green', 'API key created', `"${apiKey.name}" is active. Copy its secret now.`),
              })
            }
          />
        ))}
    </Modal>
  );
}

interface CreateApiKeyFormProps {
  pending: boolean;
  error: Error | null;
  onCancel: () => void;
  onSubmit: (input: { name: string; scopes: ApiKeyScope[]; expiresAt?: string }) => void;
}

function CreateApiKeyForm({ pending, error, onCancel, onSubmit }: CreateApiKeyFormProps) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>([]);
  const [expiry, setExpiry] = useState<ExpiryChoice>('90');
  const [date, setDate] = useState<string | null>(null);
  const [expiryError, setExpiryError] = useState<string | undefined>();
  const expiryLabelId = useId();
  const errors = fieldErrorMap(error);
  const unplaced = error && !errors.name && !errors.scopes && !errors.expiresAt;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = expiresAtOf(expiry, date);
    if ('error' in result) {
      setExpiryError(result.error);
      return;
    }
    setExpiryError(undefined);
    onSubmit({ name, scopes, ...(result.expiresAt ? { expiresAt: result.expiresAt } : {}) });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg">
        {unplaced && (
          <Alert color="red" title="The key was not created">
            {error.message}
          </Alert>
        )}
        <TextInput
          label="Name"
          description='What the key is for, e.g. "Website backend".'
          required
          maxLength={100}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={errors.name}
          disabled={pending}
          data-autofocus
        />
        <ScopeChecklist value={scopes} onChange={setScopes} error={errors.scopes} disabled={pending} />
        <Stack gap={6}>
          <Text id={expiryLabelId} size="sm" fw={500} component="div">
            Expires after
          </Text>
          <SegmentedControl
            aria-labelledby={expiryLabelId}
            data={EXPIRY_CHOICES.map((choice) => ({ ...choice }))}
            value={expiry}
            onChange={(value) => {
              setExpiry(value as ExpiryChoice);
              setExpiryError(undefined);
            }}
            disabled={pending}
            fullWidth
          />
          {expiry === 'date' && (
            <DatePickerInput
              label="Expiry date"
              description="The key works until the end of this day."
              placeholder="Pick a day"
              value={date}
              onChange={(value) => {
                setDate(value);
                setExpiryError(undefined);
              }}
              minDate={dayjs().add(1, 'day').format('YYYY-MM-DD')}
              error={expiryError ?? errors.expiresAt}
              disabled={pending}
              popoverProps={{ withinPortal: true }}
            />
          )}
          {expiry !== 'date' && (expiryError ?? errors.expiresAt) && (
            <Text size="sm" c="red" role="alert">
              {expiryError ?? errors.expiresAt}
            </Text>
          )}
        </Stack>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" loading={pending}>
            Create key
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
