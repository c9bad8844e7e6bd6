import { Anchor, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { originReferenceLabel, readSyncOrigin } from '../utils/sync-origin';

// A lead pulled from Zoho CRM, Google Calendar or Zoom: which provider, its reference there, and what the
// provider said about it.
export function SyncOriginDetails({ source, sourceRef, metadata }: { source: string; sourceRef: string | null; metadata: Record<string, unknown> }) {
  const origin = readSyncOrigin(source, sourceRef, metadata);
  if (!origin) return null;
  const titleId = `sync-origin-${origin.provider}`;
  return (
    <Stack gap="xs" component="section" aria-labelledby={titleId}>
      <Title order={3} size="h6" id={titleId}>
        From {origin.label}
      </Title>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <div>
          <Text size="xs" fw={600} c="dimmed">
            {originReferenceLabel(origin.provider)}
          </Text>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {origin.reference ?? '—'}
          </Text>
        </div>
        {origin.facts.map((fact) => (
          <div key={fact.label}>
            <Text size="xs" fw={600} c="dimmed">
              {fact.label}
            </Text>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {fact.value}
            </Text>
          </div>
        ))}
      </SimpleGrid>
      {origin.link && (
        <Anchor href={origin.link} target="_blank" rel="noopener noreferrer" size="sm">
          Open the event in Google Calendar
        </Anchor>
      )}
    </Stack>
  );
}
