import { Alert, List, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import type { BulkSummary } from '../../utils/bulk-summary';

const n = (value: number) => value.toLocaleString('en');

// What a bulk action did, kept on screen until dismissed: "Updated 120; skipped 3" and why.
export function BulkResult({ summary, onClose }: { summary: BulkSummary; onClose: () => void }) {
  const warning = summary.tone === 'warning';
  return (
    <Alert
      role="status"
      color={warning ? 'yellow' : 'green'}
      title={summary.title}
      icon={warning ? <IconAlertTriangle aria-hidden /> : <IconCircleCheck aria-hidden />}
      withCloseButton
      closeButtonLabel="Dismiss the summary"
      onClose={onClose}
    >
      {summary.reasons.length > 0 && (
        <>
          <Text size="sm">Skipped because:</Text>
          <List size="sm" spacing={2} mb={summary.examples.length ? 'xs' : 0}>
            {summary.reasons.map((reason) => (
              <List.Item key={reason.reason}>
                {n(reason.count)} {reason.label}
              </List.Item>
            ))}
          </List>
        </>
      )}
      {summary.examples.length > 0 && (
        <>
          <Text size="sm">{summary.examples.length === 1 ? 'Skipped:' : `First ${summary.examples.length} skipped:`}</Text>
          <List size="sm" spacing={2}>
            {summary.examples.map((example) => (
              <List.Item key={example.id}>
                {example.name}: {example.label}
              </List.Item>
            ))}
          </List>
        </>
      )}
      {summary.unlisted > 0 && (
        <Text size="sm" mt={4}>
          {n(summary.unlisted)} more skipped leads are not listed.
        </Text>
      )}
    </Alert>
  );
}
