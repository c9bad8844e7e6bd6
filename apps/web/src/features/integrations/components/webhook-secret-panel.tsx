import { Alert, Box, Code, Group, Stack, Tabs, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { curlExample, nodeExample } from '../utils/signing-examples';
import { CopyField, CopyIconButton } from './copy-field';

function Example({ code, copyLabel }: { code: string; copyLabel: string }) {
  return (
    <Box pos="relative">
      <Code block style={{ whiteSpace: 'pre', overflowX: 'auto', paddingRight: 44 }}>
        {code}
      </Code>
      <Group pos="absolute" top={6} right={6}>
        <CopyIconButton value={code} label={copyLabel} />
      </Group>
    </Box>
  );
}

// The only time a webhook source's secret is on screen (after creating it or rotating it), with senders
// that sign with it ready to copy.
export function WebhookSecretPanel({ webhookUrl, secret, rotated = false }: { webhookUrl: string; secret: string; rotated?: boolean }) {
  return (
    <Stack gap="md">
      <Alert color="yellow" icon={<IconAlertTriangle aria-hidden />} title="Copy this secret now: you will not see it again">
        Hot Leads keeps it encrypted and never shows it again. If you lose it, rotate it to get a new one.
        {rotated && ' The previous secret keeps working for 24 hours, time to update your sender.'}
      </Alert>
      <CopyField label="Signing secret" value={secret} copyLabel="Copy the signing secret" />
      <CopyField label="Webhook URL" value={webhookUrl} copyLabel="Copy the webhook URL" />
      <Text size="sm">
        Sign each request the{' '}
        <a href="https://www.standardwebhooks.com/" target="_blank" rel="noreferrer">
          Standard Webhooks
        </a>{' '}
        way (any of its libraries works). The body is one lead, with the fields of the leads API, or <Code>{'{ "leads": [...] }'}</Code>.
      </Text>
      <Tabs defaultValue="curl" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="curl">curl</Tabs.Tab>
          <Tabs.Tab value="node">Node.js</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="curl" pt="sm">
          <Example code={curlExample(webhookUrl, secret)} copyLabel="Copy the curl example" />
        </Tabs.Panel>
        <Tabs.Panel value="node" pt="sm">
          <Example code={nodeExample(webhookUrl, secret)} copyLabel="Copy the Node.js example" />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
