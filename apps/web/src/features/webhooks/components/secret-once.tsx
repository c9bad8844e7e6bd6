import { ActionIcon, Alert, CopyButton, Stack, TextInput, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';

export function SecretOnce({ secret, rotated = false }: { secret: string; rotated?: boolean }) {
  return (
    <Stack gap="sm">
      <Alert color="yellow" title="Copy the signing secret now">
        It is shown this once only. Receivers verify each delivery&apos;s <code>webhook-signature</code> header with it (Standard Webhooks).
        {rotated && ' For the next 24 hours deliveries are signed with the previous secret too.'}
      </Alert>
      <TextInput
        label="Signing secret"
        value={secret}
        readOnly
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        onFocus={(event) => event.currentTarget.select()}
        rightSectionWidth={42}
        rightSection={
          <CopyButton value={secret} timeout={2000}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? 'Copied' : 'Copy'} withArrow position="left">
                <ActionIcon variant="subtle" color={copied ? 'green' : 'gray'} onClick={copy} aria-label={copied ? 'Copied' : 'Copy the signing secret'}>
                  {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        }
      />
    </Stack>
  );
}
