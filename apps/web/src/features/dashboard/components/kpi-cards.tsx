import { Card, Group, SimpleGrid, Skeleton, Text, ThemeIcon, Title, VisuallyHidden, type MantineColor } from '@mantine/core';
import {
  IconAlarm,
  IconArrowDownRight,
  IconArrowUpRight,
  IconBolt,
  IconCalendarWeek,
  IconChevronRight,
  IconClockHour4,
  IconMail,
  IconMinus,
  IconTargetArrow,
  type TablerIcon,
} from '@tabler/icons-react';
import { useId, type ReactNode } from 'react';
import { Link } from 'react-router';
import { CONVERSION_RATE_DEFINITION } from '@hotleads/shared';
import { paths } from '@/config/paths';
import type { LeadStats } from '../api/get-lead-stats';
import { computeDelta, formatCount, formatDuration, formatRate } from '../utils/format-stats';
import classes from './dashboard.module.css';

const DAY_MS = 86_400_000;

interface KpiCardsProps {
  // Undefined while the first answer is on its way: the cards keep their size and show skeletons.
  stats?: LeadStats;
  // When the figures were fetched: "new in 24 h" is relative to that moment, whatever the period.
  fetchedAt: number;
  // "in the last 7 days", for the captions.
  periodText: string;
}

// The leads list filtered to the period's leads, so a card's number and the list it opens agree.
const createdIn = (stats: LeadStats) => `createdFrom=${encodeURIComponent(stats.from)}&createdTo=${encodeURIComponent(stats.to)}`;

export function KpiCards({ stats, fetchedAt, periodText }: KpiCardsProps) {
  const newSince = new Date(fetchedAt - DAY_MS).toISOString();
  return (
    // Six cards: one column on a phone, then 2 × 3, 3 × 2, and one row on a very wide screen.
    <SimpleGrid type="container" cols={{ base: 1, '540px': 2, '840px': 3, '1500px': 6 }} spacing="md" aria-busy={!stats}>
      {!stats && <VisuallyHidden role="status">Loading the figures</VisuallyHidden>}
      <KpiCard
        title="Unread"
        icon={IconMail}
        color="blue"
        href={stats && paths.leads.getHref(`status=unread&${createdIn(stats)}`)}
        value={stats && formatCount(stats.byStatus.unread ?? 0)}
        caption={stats && `of ${formatCount(stats.total)} ${stats.total === 1 ? 'lead' : 'leads'} created ${periodText}`}
      />
      <KpiCard
        title="New in 24 h"
        icon={IconBolt}
        color="flame"
        href={stats && paths.leads.getHref(`createdFrom=${encodeURIComponent(newSince)}`)}
        value={stats && formatCount(stats.velocity.last24h)}
        caption={stats && <VelocityDelta current={stats.velocity.last24h} previous={stats.velocity.previous24h} window="24 h" />}
      />
      <KpiCard
        title="New in 7 days"
        icon={IconCalendarWeek}
        color="indigo"
        href={stats && paths.leads.getHref(`createdFrom=${encodeURIComponent(new Date(fetchedAt - 7 * DAY_MS).toISOString())}`)}
        value={stats && formatCount(stats.velocity.last7d)}
        caption={stats && <VelocityDelta current={stats.velocity.last7d} previous={stats.velocity.previous7d} window="7 days" />}
      />
      <KpiCard
        title="Conversion rate"
        icon={IconTargetArrow}
        color="teal"
        href={stats && paths.leads.getHref(`status=converted&${createdIn(stats)}`)}
        value={stats && formatRate(stats.conversionRate)}
        caption={
          stats &&
          (stats.total > 0 ? `${formatCount(stats.byStatus.converted ?? 0)} of ${formatCount(stats.total)} converted` : `No leads created ${periodText}`)
        }
        footnote={CONVERSION_RATE_DEFINITION}
      />
      <KpiCard
        title="Time to first contact"
        icon={IconClockHour4}
        color="grape"
        value={stats && formatDuration(stats.timeToFirstContact.medianSeconds)}
        caption={stats && <FirstContactCaption stats={stats} />}
      />
      <KpiCard
        title="Open SLA breaches"
        icon={IconAlarm}
        color={stats && stats.openSlaBreaches > 0 ? 'red' : 'gray'}
        alert={!!stats && stats.openSlaBreaches > 0}
        href={stats && paths.leads.getHref('slaBreached=true')}
        value={stats && formatCount(stats.openSlaBreaches)}
        caption={stats && (stats.openSlaBreaches > 0 ? 'Waiting past their respond-by time' : 'Nobody is waiting too long')}
      />
    </SimpleGrid>
  );
}

function FirstContactCaption({ stats }: { stats: LeadStats }) {
  const { medianSeconds, p90Seconds, sampleSize } = stats.timeToFirstContact;
  if (medianSeconds === null || sampleSize === 0) return <>No lead contacted yet</>;
  return (
    <span title={`From ${formatCount(sampleSize)} contacted ${sampleSize === 1 ? 'lead' : 'leads'}`}>
      Median · 90% within {formatDuration(p90Seconds)}
    </span>
  );
}

const DELTA_STYLE = {
  up: { icon: IconArrowUpRight, className: classes.up },
  down: { icon: IconArrowDownRight, className: classes.down },
  same: { icon: IconMinus, className: undefined },
} as const;

// "+25% vs previous 24 h (4)": direction by sign and colour, the arrow is decoration.
function VelocityDelta({ current, previous, window }: { current: number; previous: number; window: string }) {
  const delta = computeDelta(current, previous);
  const { icon: Icon, className } = DELTA_STYLE[delta.direction];
  return (
    <Group gap={4} wrap="nowrap" component="span">
      <Icon size={16} stroke={2} aria-hidden className={className} />
      <Text component="span" size="sm" fw={600} className={className}>
        {delta.label}
      </Text>
      <Text component="span" size="sm" c="dimmed" truncate>
        vs previous {window} ({formatCount(previous)})
      </Text>
    </Group>
  );
}

interface KpiCardProps {
  title: string;
  icon: TablerIcon;
  color: MantineColor;
  value?: string;
  caption?: ReactNode;
  href?: string;
  alert?: boolean;
  // A short line under the caption, e.g. how the figure is defined.
  footnote?: string;
}

// Fixed line heights: the skeleton and the filled card take the same space, so nothing jumps.
function KpiCard({ title, icon: Icon, color, value, caption, href, alert = false, footnote }: KpiCardProps) {
  const titleId = useId();
  const loading = value === undefined;
  return (
    <Card
      component="section"
      withBorder
      padding="md"
      aria-labelledby={titleId}
      className={`${classes.card} ${href ? classes.linked : ''}`}
      data-alert={alert || undefined}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <Title order={2} fz="sm" fw={600} lh="22px" id={titleId}>
          {href ? (
            <Link to={href} className={classes.cardLink}>
              {title}
              <IconChevronRight size={14} stroke={2} aria-hidden style={{ verticalAlign: 'middle', marginLeft: 2 }} />
            </Link>
          ) : (
            title
          )}
        </Title>
        <ThemeIcon variant="light" color={color} size={32} radius="md" aria-hidden>
          <Icon size={18} stroke={1.75} />
        </ThemeIcon>
      </Group>
      {loading ? (
        <>
          <Skeleton height={30} width="45%" mt={6} mb={6} />
          <Skeleton height={14} width="80%" mt={4} mb={4} />
        </>
      ) : (
        <>
          <Text fz={32} fw={700} lh="42px" className={alert ? classes.alert : undefined} data-testid="kpi-value">
            {value}
          </Text>
          <Text component="div" size="sm" c="dimmed" lh="22px" truncate>
            {caption}
          </Text>
          {footnote && (
            <Text size="xs" c="dimmed" mt={2}>
              {footnote}
            </Text>
          )}
        </>
      )}
    </Card>
  );
}
