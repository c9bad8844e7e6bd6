import { Anchor, Card, Code, Group, List, Stack, Text, Title } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import { useId } from 'react';

// Long lines scroll rather than wrap (they are copied as they are); the border keeps the block visible on a dark card.
const CODE_BLOCK = { whiteSpace: 'pre', overflowX: 'auto', border: '1px solid var(--mantine-color-default-border)' } as const;

// The API is served from the same origin as this app.
export function curlExamples(origin: string) {
  return {
    createLead: [
      `curl -X POST ${origin}/api/v1/leads \\`,
      `  -H "X-API-Key: $HOTLEADS_API_KEY" \\`,
      `  -H "Content-Type: application/json" \\`,
      `  -H "Idempotency-Key: $(uuidgen)" \\`,
      `  -d '{"name": "Ada Lovelace", "email": "ada@example.com", "source": "website"}'`,
    ].join('\n'),
    listLeads: [`curl "${origin}/api/v1/leads?status=unread&limit=20" \\`, `  -H "X-API-Key: $HOTLEADS_API_KEY"`].join('\n'),
  };
}

export function ApiUsagePanel() {
  const titleId = useId();
  const examples = curlExamples(window.location.origin);
  return (
    <Card component="section" withBorder padding="lg" aria-labelledby={titleId}>
      <Stack gap="sm">
        <Title order={2} fz="h4" id={titleId}>
          How to call the API
        </Title>
        <Text size="sm">
          Send the key in the <Code>X-API-Key</Code> header (or as <Code>Authorization: Bearer …</Code>). A request outside the
          key's scopes gets 403; a revoked or expired key gets 401.
        </Text>
        <Text size="sm" fw={600} mt="xs">
          Create a lead (scope <Code>leads:write</Code>)
        </Text>
        <Code block tabIndex={0} fz="xs" style={CODE_BLOCK}>
          {examples.createLead}
        </Code>
        <Text size="sm" fw={600} mt="xs">
          List unread leads (scope <Code>leads:read</Code>)
        </Text>
        <Code block tabIndex={0} fz="xs" style={CODE_BLOCK}>
          {examples.listLeads}
        </Code>
        <List size="sm" spacing={4}>
          <List.Item>
            Sending the same <Code>Idempotency-Key</Code> again returns the first answer instead of a second lead.
          </List.Item>
          <List.Item>
            Too many requests get 429 with a <Code>Retry-After</Code> header: wait that many seconds.
          </List.Item>
        </List>
        <Group gap={4}>
          <Anchor href="/api/docs" target="_blank" rel="noopener" size="sm">
            Full API reference (/api/docs)
          </Anchor>
          <IconExternalLink size={14} aria-hidden />
        </Group>
      </Stack>
    </Card>
  );
}
