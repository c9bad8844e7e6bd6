import { List, Stack, Text } from '@mantine/core';
import { CopyField } from './copy-field';

// What to do in Acuity once the connection exists: the address to paste and where to paste it.
export function AcuitySetupSteps({ webhookUrl }: { webhookUrl: string }) {
  return (
    <Stack gap="sm">
      <CopyField label="Webhook URL" value={webhookUrl} copyLabel="Copy the webhook URL" />
      <Text size="sm" fw={600}>
        Then, in Acuity:
      </Text>
      <List type="ordered" size="sm" spacing={6}>
        <List.Item>
          Open <strong>Integrations → API → Webhooks</strong> (Acuity names it “API Credentials and webhooks”).
        </List.Item>
        <List.Item>
          Paste this URL into <strong>Appointment scheduled</strong>, <strong>Appointment rescheduled</strong> and <strong>Appointment canceled</strong>,
          then save. Leave “Appointment changed” empty: it repeats the other three.
        </List.Item>
      </List>
    </Stack>
  );
}
