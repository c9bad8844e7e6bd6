import { Alert, Button, Code, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';

function download(codes: readonly string[]): void {
  const text = `Hot Leads recovery codes\nEach code works once, in place of an authenticator code.\n\n${codes.join('\n')}\n`;
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'hotleads-recovery-codes.txt';
  link.click();
  URL.revokeObjectURL(url);
}

// Shown exactly once, right after they are made: the API keeps only their hashes.
export function RecoveryCodes({ codes }: { codes: readonly string[] }) {
  return (
    <Stack gap="sm">
      <Alert color="flame" title="Save these recovery codes now">
        They will not be shown again. Each one signs you in once if you lose your authenticator.
      </Alert>
      <SimpleGrid cols={2} spacing="xs" aria-label="Recovery codes" role="list">
        {codes.map((code) => (
          <Code key={code} role="listitem" fz="sm" ta="center" p={6}>
            {code}
          </Code>
        ))}
      </SimpleGrid>
      <Group>
        <Button variant="default" leftSection={<IconDownload size={16} aria-hidden />} onClick={() => download(codes)}>
          Download codes
        </Button>
        <Text size="sm" c="dimmed">
          or copy them into your password manager.
        </Text>
      </Group>
    </Stack>
  );
}
