import { ActionIcon, Alert, Badge, Button, CopyButton, Group, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import type { CreatedApiKey } from '../api/create-api-key';
import { formatDate } from '../utils/format';

// The one and only time the secret is on screen: the API keeps just its hash.
export function ApiKeySecret({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  const { apiKey, secret } = created;
  return (
    <Stack gap="lg">
      <Alert color="yellow" icon={<IconAlertTriangle aria-hidden />} title="Copy this key now: it will not be shown again">
        Hot Leads stores only a fingerprint of it. If you lose it, revoke this key and create a new one. Keep it out of web pages
        and code repositories.
      </Alert>
      <TextInput
        label={`API key "${apiKey.name}"`}
        value={secret}
        readOnly
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        onFocus={(event) => event.currentTarget.select()}
        rightSectionWidth={42}
        rightSection={
          <CopyButton value={secret} timeout={2000}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? 'Copied' : 'Copy'} withArrow position="left">
                <ActionIcon variant={copied ? 'light' : 'subtle'} color={copied ? 'green' : 'gray'} onClick={copy} aria-label={copied ? 'Copied' : 'Copy the key'}>
                  {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        }
      />
      <Stack gap={6}>
        <Group gap={6}>
          <Text size="sm" fw={600}>
            Scopes:
          </Text>
          {apiKey.scopes.map((scope) => (
            <Badge key={scope} variant="light" color="gray" tt="none">
              {scope}
            </Badge>
          ))}
        </Group>
        <Text size="sm">
          <Text span fw={600}>
            Expires:{' '}
          </Text>
          {apiKey.expiresAt ? formatDate(apiKey.expiresAt) : 'never'}
        </Text>
      </Stack>
      <Group justify="flex-end">
        <Button onClick={onDone}>I have stored the key</Button>
      </Group>
    </Stack>
  );
}
