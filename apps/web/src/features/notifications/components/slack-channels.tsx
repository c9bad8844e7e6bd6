import { Alert, Badge, Button, Checkbox, Group, Paper, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { fieldErrorMap } from '@/lib/field-errors';
import { notify } from '@/lib/notify';
import { useCreateSlackChannel, useDeleteSlackChannel, useSlackChannels, useUpdateSlackChannel, type SlackChannel } from '../api/notification-preferences';
import { SLACK_KIND_LABEL, SLACK_KINDS, type SlackKind } from '../utils/kind-labels';

const when = (value: string | null) => (value ? new Date(value).toLocaleString() : 'never');

function ChannelRow({ channel }: { channel: SlackChannel }) {
  const update = useUpdateSlackChannel();
  const remove = useDeleteSlackChannel();
  return (
    <Paper withBorder p="sm" component="li" aria-label={`Slack channel ${channel.name}`}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="wrap">
          <Group gap="xs">
            <Text fw={600}>{channel.name}</Text>
            <Badge color={channel.enabled ? 'green' : 'gray'} variant="dot" tt="none">
              {channel.enabled ? 'On' : 'Off'}
            </Badge>
            <Text size="sm" c="dimmed">
              {channel.urlHost}
            </Text>
          </Group>
          <Group gap="xs">
            <Switch
              label="On"
              checked={channel.enabled}
              disabled={update.isPending}
              onChange={(e) => update.mutate({ id: channel.id, change: { enabled: e.currentTarget.checked } })}
            />
            <Button variant="subtle" color="red" size="xs" loading={remove.isPending} onClick={() => remove.mutate(channel.id)} aria-label={`Remove ${channel.name}`}>
              Remove
            </Button>
          </Group>
        </Group>
        <Text size="sm">Posts: {channel.kinds.map((k) => SLACK_KIND_LABEL[k as SlackKind]).join(', ')}</Text>
        <Text size="sm" c="dimmed">
          Last post {when(channel.lastSentAt)} · waiting {channel.pending} · failed {channel.failed}
        </Text>
        {channel.disabledReason && (
          <Alert color="orange" title="Turned off by itself">
            <Text size="sm">{channel.disabledReason}. Paste a new webhook URL from Slack and turn it on again.</Text>
          </Alert>
        )}
        {channel.lastError && channel.lastFailedAt && (
          <Text size="sm" c="red.8">
            Last failure {when(channel.lastFailedAt)}: {channel.lastError}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function AddChannelForm() {
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [kinds, setKinds] = useState<SlackKind[]>(['hot_lead', 'sla_breach']);
  const create = useCreateSlackChannel();
  const errors = create.error ? fieldErrorMap(create.error) : {};
  return (
    <Stack gap="sm" component="form" onSubmit={(e) => {
      e.preventDefault();
      create.mutate(
        { name: name.trim(), url: url.trim(), kinds },
        {
          onSuccess: () => {
            setName('');
            setUrl('');
            notify('green', 'Slack channel added', 'The next matching notification is posted there.');
          },
        },
      );
    }}>
      <Title order={3} size="h5">
        Add a Slack channel
      </Title>
      <Group align="flex-start" wrap="wrap">
        <TextInput label="Name" placeholder="#sales" value={name} onChange={(e) => setName(e.currentTarget.value)} required maw={200} error={errors.name} />
        <TextInput
          label="Incoming webhook URL"
          description="From Slack's Incoming Webhooks app: https://hooks.slack.com/services/…"
          value={url}
          onChange={(e) => setUrl(e.currentTarget.value)}
          required
          style={{ flex: '1 1 320px' }}
          error={errors.url}
          autoComplete="off"
        />
      </Group>
      <Checkbox.Group label="Posts" value={kinds} onChange={(value) => setKinds(value as SlackKind[])}>
        <Group mt={6}>
          {SLACK_KINDS.map((kind) => (
            <Checkbox key={kind} value={kind} label={SLACK_KIND_LABEL[kind]} />
          ))}
        </Group>
      </Checkbox.Group>
      {create.isError && !errors.url && !errors.name && (
        <Alert color="red" role="alert" title="Could not add the Slack channel">
          <Text size="sm">{create.error.message}</Text>
        </Alert>
      )}
      <Group>
        <Button type="submit" loading={create.isPending} disabled={kinds.length === 0}>
          Add channel
        </Button>
      </Group>
    </Stack>
  );
}

// Slack incoming webhooks, each for some kinds of notification; their delivery state per channel.
export function SlackChannels() {
  const { data, error } = useSlackChannels();
  return (
    <Paper component="section" withBorder p={{ base: 'md', sm: 'lg' }} aria-labelledby="slack-heading">
      <Stack gap="md">
        <div>
          <Title order={2} size="h4" id="slack-heading">
            Slack
          </Title>
          <Text size="sm" c="dimmed" mt={4}>
            Post hot leads and missed response targets to one channel, integration trouble to another. The webhook URL is stored encrypted and not shown again.
          </Text>
        </div>
        {error && (
          <Alert color="red" role="alert" title="Could not load the Slack channels">
            <Text size="sm">{error.message}</Text>
          </Alert>
        )}
        {data && data.length === 0 && <Text size="sm">No Slack channels yet.</Text>}
        {data && data.length > 0 && (
          <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
            {data.map((channel) => (
              <ChannelRow key={channel.id} channel={channel} />
            ))}
          </Stack>
        )}
        <AddChannelForm />
      </Stack>
    </Paper>
  );
}
