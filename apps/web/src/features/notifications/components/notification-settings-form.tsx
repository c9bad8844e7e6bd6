import { Alert, Button, Group, MultiSelect, NumberInput, Paper, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useUsers } from '@/features/users/api/get-users';
import { notify } from '@/lib/notify';
import { useUpdateNotificationSettings, type NotificationSettings } from '../api/notification-preferences';
import { KIND_LABEL, type NotificationKind } from '../utils/kind-labels';

// Settings, Notifications: who hears of unassigned hot leads, what makes a lead hot, when the SLA warning
// goes out, and what users get by email until they choose for themselves.
export function NotificationSettingsForm({ settings }: { settings: NotificationSettings }) {
  const users = useUsers({ status: 'active' });
  const [onDuty, setOnDuty] = useState<string[]>(settings.onDutyUserIds);
  const [threshold, setThreshold] = useState<number | string>(settings.hotLeadScore ?? '');
  const [share, setShare] = useState<number | string>(settings.escalationPercent);
  const [defaults, setDefaults] = useState<Record<string, boolean>>(() => Object.fromEntries(settings.defaults.map((d) => [d.kind, d.email])));
  const update = useUpdateNotificationSettings();
  const options = (users.data?.pages ?? []).flatMap((page) => page.data).map((u) => ({ value: u.id, label: u.name ? `${u.name} (${u.email})` : u.email }));

  const save = () =>
    update.mutate(
      {
        onDutyUserIds: onDuty,
        hotLeadScore: threshold === '' ? null : Number(threshold),
        escalationPercent: Number(share),
        defaults: settings.defaults.map((d) => ({ kind: d.kind, email: defaults[d.kind] ?? d.email })),
      },
      { onSuccess: () => notify('green', 'Notification settings saved', 'They apply to the next notification.') },
    );

  return (
    <Paper component="section" withBorder p={{ base: 'md', sm: 'lg' }} aria-labelledby="notification-settings-heading">
      <Stack gap="md">
        <Title order={2} size="h4" id="notification-settings-heading">
          Who is told
        </Title>
        <MultiSelect
          label="On-duty group"
          description="Told of a new hot lead nobody is assigned to, and warned before an unassigned lead's response target. While the group is empty, a new unassigned hot lead goes to everyone who may assign leads (owners, admins, managers and roles with the Assign leads permission)."
          data={options}
          value={onDuty}
          onChange={setOnDuty}
          searchable
          clearable
          maw={560}
        />
        <NumberInput
          label="Hot-lead score"
          description="A new lead scored at or above this is hot; urgent leads always are. Leave empty for urgent leads only."
          value={threshold}
          onChange={setThreshold}
          min={0}
          max={100}
          allowDecimal={false}
          maw={240}
        />
        <NumberInput
          label="SLA warning at (% of the response target)"
          description="The assignee is warned when this share of the time to respond has passed."
          value={share}
          onChange={setShare}
          min={10}
          max={99}
          allowDecimal={false}
          suffix="%"
          maw={240}
        />
        <Table aria-label="Email defaults for users who have not chosen">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">When</Table.Th>
              <Table.Th scope="col">Email by default</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {settings.defaults.map((d) => {
              const label = KIND_LABEL[d.kind as NotificationKind];
              return (
                <Table.Tr key={d.kind}>
                  <Table.Th scope="row" fw={400}>
                    {label}
                  </Table.Th>
                  <Table.Td>
                    <Switch
                      checked={defaults[d.kind] ?? d.email}
                      onChange={(event) => {
                        const checked = event.currentTarget.checked;
                        setDefaults((current) => ({ ...current, [d.kind]: checked }));
                      }}
                      aria-label={`${label}: email by default`}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        {update.isError && (
          <Alert color="red" role="alert" title="Could not save the notification settings">
            <Text size="sm">{update.error.message}</Text>
          </Alert>
        )}
        <Group>
          <Button onClick={save} loading={update.isPending}>
            Save notification settings
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
