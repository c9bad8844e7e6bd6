import { Anchor, Badge, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { Link } from 'react-router';
import { QueryError } from '@/components/ui/query-error';
import { paths } from '@/config/paths';
import { PRIORITY_LABELS } from '@/utils/lead-labels';
import { useMyDay, type MyDaySection } from '../../api/get-my-day';
import { fullDateTime } from '../leads-table/relative-time';
import { MY_DAY_LIST_SEARCH, MY_DAY_TITLES, reasonText } from './my-day-reasons';
import classes from './my-day.module.css';

function DaySection({ section, now }: { section: MyDaySection; now: number }) {
  const id = `my-day-${section.reason}`;
  return (
    <Card withBorder component="section" aria-labelledby={id} padding="md">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id={id}>
          {MY_DAY_TITLES[section.reason]}{' '}
          <Text span c="dimmed" size="sm" fw={400}>
            ({section.items.length}
            {section.more ? '+' : ''})
          </Text>
        </Title>
        {section.more && (
          <Anchor component={Link} to={paths.leads.getHref(MY_DAY_LIST_SEARCH[section.reason])} size="sm">
            See all in the list
          </Anchor>
        )}
      </Group>
      <ul className={classes.list}>
        {section.items.map(({ lead, dueAt }) => (
          <li key={lead.id} className={classes.item}>
            <div className={classes.who}>
              <Anchor component={Link} to={paths.lead.getHref(lead.id)} fw={600}>
                {lead.name || lead.email || lead.phone || 'Unnamed lead'}
              </Anchor>
              {lead.company && (
                <Text span size="sm" c="dimmed">
                  {' '}
                  · {lead.company}
                </Text>
              )}
            </div>
            <Text size="sm" className={section.reason === 'follow_up_overdue' ? classes.late : undefined}>
              {dueAt ? <time dateTime={dueAt} title={fullDateTime(dueAt)}>{reasonText(section.reason, dueAt, now)}</time> : reasonText(section.reason, dueAt, now)}
            </Text>
            <Badge variant="outline" color="gray" size="sm" className={classes.priority}>
              {PRIORITY_LABELS[lead.priority]}
            </Badge>
          </li>
        ))}
      </ul>
    </Card>
  );
}

// An agent's day: what they promised and what is waiting on them, most pressing first.
export function MyDayPage() {
  const { data, error, refetch, isFetching, dataUpdatedAt } = useMyDay();
  // The time of the answer: reasons read against it, and move on with each refetch.
  const now = dataUpdatedAt;
  const shown = data?.sections.filter((section) => section.items.length > 0) ?? [];
  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>My day</Title>
        <Text c="dimmed" size="sm">
          Your overdue and due follow-ups, new leads assigned to you, and first responses about to miss their target.
        </Text>
      </div>
      {error && !data ? (
        <QueryError what="your day" error={error} onRetry={() => void refetch()} retrying={isFetching} />
      ) : !data ? (
        <Stack aria-busy="true" aria-label="Loading your day">
          <Skeleton height={120} />
          <Skeleton height={120} />
        </Stack>
      ) : shown.length === 0 ? (
        <Card withBorder padding="lg">
          <Group>
            <IconCircleCheck aria-hidden size={28} color="var(--mantine-color-green-filled)" />
            <div>
              <Text fw={600}>Nothing waiting on you</Text>
              <Text size="sm" c="dimmed">
                No follow-ups due, no unopened leads and no response targets close. <Anchor component={Link} to={paths.leads.getHref()}>Open the leads</Anchor>
              </Text>
            </div>
          </Group>
        </Card>
      ) : (
        shown.map((section) => <DaySection key={section.reason} section={section} now={now} />)
      )}
    </Stack>
  );
}
