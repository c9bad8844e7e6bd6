import { Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ApiError } from '@/lib/api-client';
import { useCreateWebhookEndpoint, useUpdateWebhookEndpoint, type WebhookEndpoint, type WebhookEventFilter } from '../api/webhook-endpoints';
import { EventPicker } from './event-picker';
import { SecretOnce } from './secret-once';

// A URL the API refused (private address, not https) belongs next to the URL field.
const urlRefusal = (error: Error | null) => (error instanceof ApiError && error.code === 'webhook_url_refused' ? error.message : undefined);

// Adds an endpoint (then shows its secret once) or edits one.
export function EndpointFormModal({ opened, onClose, endpoint }: { opened: boolean; onClose: () => void; endpoint?: WebhookEndpoint }) {
  return (
    <Modal opened={opened} onClose={onClose} title={endpoint ? 'Edit webhook endpoint' : 'Add a webhook endpoint'} size="lg">
      {opened && (endpoint ? <EditForm endpoint={endpoint} onClose={onClose} /> : <CreateForm onClose={onClose} />)}
    </Modal>
  );
}

interface Values {
  url: string;
  description: string;
  events: WebhookEventFilter[];
}

function Fields({ values, setValues, errors }: { values: Values; setValues: (v: Values) => void; errors: Partial<Record<keyof Values, string>> }) {
  return (
    <>
      <TextInput
        label="Endpoint URL"
        placeholder="https://example.com/hooks/hot-leads"
        required
        value={values.url}
        error={errors.url}
        onChange={(e) => setValues({ ...values, url: e.currentTarget.value })}
      />
      <TextInput label="Description" placeholder="What receives these events" value={values.description} onChange={(e) => setValues({ ...values, description: e.currentTarget.value })} />
      <EventPicker value={values.events} onChange={(events) => setValues({ ...values, events })} error={errors.events} />
    </>
  );
}

function check(values: Values): Partial<Record<keyof Values, string>> {
  const errors: Partial<Record<keyof Values, string>> = {};
  if (!/^https?:\/\/\S+$/.test(values.url.trim())) errors.url = 'Enter an http(s) URL, e.g. https://example.com/hooks';
  if (values.events.length === 0) errors.events = 'Choose at least one event';
  return errors;
}

function CreateForm({ onClose }: { onClose: () => void }) {
  const create = useCreateWebhookEndpoint();
  const [values, setValues] = useState<Values>({ url: '', description: '', events: ['lead.*'] });
  const [errors, setErrors] = useState<Partial<Record<keyof Values, string>>>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = check(values);
    setErrors(found);
    if (Object.keys(found).length === 0) create.mutate({ url: values.url.trim(), description: values.description.trim(), events: values.events });
  };
  if (create.data) {
    return (
      <Stack gap="lg">
        <SecretOnce secret={create.data.secret} />
        <Group justify="flex-end">
          <Button onClick={onClose}>I have stored the secret</Button>
        </Group>
      </Stack>
    );
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Fields values={values} setValues={setValues} errors={{ ...errors, ...(urlRefusal(create.error) ? { url: urlRefusal(create.error) } : {}) }} />
        {create.error && !urlRefusal(create.error) && (
          <Alert color="red" role="alert" title="That did not work">
            {create.error.message}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={create.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Add endpoint
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function EditForm({ endpoint, onClose }: { endpoint: WebhookEndpoint; onClose: () => void }) {
  const update = useUpdateWebhookEndpoint(endpoint.id);
  const [values, setValues] = useState<Values>({ url: endpoint.url, description: endpoint.description, events: endpoint.events });
  const [errors, setErrors] = useState<Partial<Record<keyof Values, string>>>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = check(values);
    setErrors(found);
    if (Object.keys(found).length === 0) update.mutate({ url: values.url.trim(), description: values.description.trim(), events: values.events }, { onSuccess: onClose });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Fields values={values} setValues={setValues} errors={{ ...errors, ...(urlRefusal(update.error) ? { url: urlRefusal(update.error) } : {}) }} />
        {update.error && !urlRefusal(update.error) && (
          <Alert color="red" role="alert" title="That did not work">
            {update.error.message}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={update.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
