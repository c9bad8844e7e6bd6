import { ActionIcon, Box, Button, Group, Indicator, Popover, Stack, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { paths } from '@/config/paths';
import { useLiveEvents, usePollingFallback } from '@/hooks/use-live-updates';
import {
  NOTIFICATIONS_KEY,
  useLatestNotifications,
  useMarkAllNotificationsRead,
  useMarkNotificationRead,
  type NotificationItem,
} from '../api/notifications';

// How a notification's email or text message went, when it failed (the app itself always shows it).
const CHANNEL_LABEL: Record<string, string> = { email: 'Email', sms: 'Text message' };

const timeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});

// The bell in the app header: the unread count, live over the event stream (polled while it is down), and
// the latest notifications; choosing one marks it read and opens its lead.
export function NotificationBell() {
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const navigate = useNavigate();
  const latest = useLatestNotifications(usePollingFallback());
  const markRead = useMarkNotificationRead();
  const markAll = useMarkAllNotificationsRead();
  useLiveEvents((event) => {
    if (event.type === 'notification.changed' || event.type === 'resync')
      void queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
  });

  // The bell sits in every page's header: whatever comes back, it must not take the shell down.
  const items = Array.isArray(latest.data?.data) ? latest.data.data : [];
  const unread = typeof latest.data?.unreadCount === 'number' ? latest.data.unreadCount : 0;
  const label = unread > 0 ? `Notifications, ${unread} unread` : 'Notifications';

  const open = (item: NotificationItem) => {
    if (!item.readAt) markRead.mutate(item.id);
    setOpened(false);
    if (item.lead) void navigate(paths.lead.getHref(item.lead.id));
  };

  return (
    // The indicator wraps the popover, not its target: the target's child gets aria-expanded, which only the
    // button may carry.
    <Indicator label={unread > 99 ? '99+' : unread} size={18} disabled={unread === 0} offset={4} data-testid="notification-count">
      <Popover opened={opened} onChange={setOpened} position="bottom-end" width={360} shadow="md" withinPortal trapFocus>
        <Popover.Target>
          <ActionIcon
            variant="default"
            size="lg"
            aria-label={label}
            title="Notifications"
            aria-expanded={opened}
            onClick={() => setOpened((o) => !o)}
          >
            <IconBell size={18} stroke={1.5} aria-hidden />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown p={0} aria-label="Notifications" role="dialog">
          <Group justify="space-between" px="sm" py="xs">
            <Text fw={600} size="sm">
              Notifications
            </Text>
            <Button variant="subtle" size="compact-xs" disabled={unread === 0 || markAll.isPending} onClick={() => markAll.mutate()}>
              Mark all read
            </Button>
          </Group>
          <Box mah={420} style={{ overflowY: 'auto' }}>
            {latest.isError ? (
              <Text size="sm" c="dimmed" px="sm" pb="sm">
                Notifications could not be loaded.
              </Text>
            ) : latest.isSuccess && items.length === 0 ? (
              <Text size="sm" c="dimmed" px="sm" pb="sm">
                Nothing yet. You will be told here about leads assigned to you, hot leads and mentions.
              </Text>
            ) : (
              <Stack gap={0} component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Latest notifications">
                {items.map((item) => (
                  <li key={item.id}>
                    <UnstyledButton
                      onClick={() => open(item)}
                      px="sm"
                      py="xs"
                      w="100%"
                      style={{
                        borderTop: '1px solid var(--mantine-color-default-border)',
                      }}
                      data-unread={item.readAt ? undefined : 'true'}
                    >
                      <Text size="sm" fw={item.readAt ? 400 : 700}>
                        {!item.readAt && <VisuallyHidden>Unread: </VisuallyHidden>}
                        {item.title}
                      </Text>
                      {item.body && (
                        <Text size="xs" c="dimmed" lineClamp={2}>
                          {item.body}
                        </Text>
                      )}
                      {(item.deliveries ?? [])
                        .filter((d) => d.status === 'failed')
                        .map((d) => (
                          <Text key={d.channel} size="xs" c="red">
                            {CHANNEL_LABEL[d.channel]} not delivered{d.lastError ? `: ${d.lastError}` : ''}
                          </Text>
                        ))}
                      <Text size="xs" c="dimmed">
                        {timeFormat.format(new Date(item.createdAt))}
                      </Text>
                    </UnstyledButton>
                  </li>
                ))}
              </Stack>
            )}
          </Box>
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}
