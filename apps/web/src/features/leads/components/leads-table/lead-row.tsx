import { IconAlarm } from '@tabler/icons-react';
import { useFormatPhone } from '@/hooks/use-format-phone';
import { memo, type MouseEvent, type ReactNode } from 'react';
import { PRIORITY_LABELS, sourceLabel, STATUS_LABELS, TYPE_LABELS } from '@/utils/lead-labels';
import type { Lead } from '../../api/list-leads';
import { leadTitle, STATUS_COLORS } from '../lead-detail/lead-labels';
import type { LeadColumn, LeadColumnId } from './lead-columns';
import classes from './leads-table.module.css';
import { fullDateTime, relativeTime } from './relative-time';

export const ROW_HEIGHT = 52;
// Compact density: one line per lead.
export const COMPACT_ROW_HEIGHT = 36;

export const PRIORITY_COLORS = { low: 'gray', medium: 'blue', high: 'orange', urgent: 'red' } as const;

export interface LeadRowProps {
  lead: Lead;
  // Position in the loaded list (0-based); aria-rowindex counts the header as row 1.
  index: number;
  columns: readonly LeadColumn[];
  href: string;
  selectable: boolean;
  selected: boolean;
  active: boolean;
  open: boolean;
  now: number;
  assigneeLabel: (assigneeId: string | null) => string;
  onToggle: (id: string, shift: boolean) => void;
  onOpen: (id: string, index: number) => void;
}

// A plain click opens the lead here; with a modifier the browser does its own thing (new tab, ...).
const isPlainClick = (event: MouseEvent) => event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;

// A plain function, not a component: no fiber per cell for the rows that scroll in every frame.
function cell(id: LeadColumnId, lead: Lead, now: number, assigneeLabel: LeadRowProps['assigneeLabel']): ReactNode {
  switch (id) {
    case 'status':
      return (
        <span className={classes.pill} data-color={STATUS_COLORS[lead.status]}>
          {STATUS_LABELS[lead.status]}
        </span>
      );
    case 'priority':
      return (
        <span className={classes.pill} data-color={PRIORITY_COLORS[lead.priority]}>
          {PRIORITY_LABELS[lead.priority]}
        </span>
      );
    case 'assignee': {
      const label = assigneeLabel(lead.assigneeId);
      return lead.assigneeId ? label : <span className={classes.muted}>{label}</span>;
    }
    case 'source':
      return sourceLabel(lead.source);
    case 'type':
      return TYPE_LABELS[lead.type] ?? lead.type;
    case 'tags':
      return lead.tags.length === 0 ? null : (
        <span title={lead.tags.join(', ')}>
          {lead.tags.slice(0, 3).map((tag) => (
            <span key={tag} className={`${classes.pill} ${classes.tag}`}>
              {tag}
            </span>
          ))}
          {lead.tags.length > 3 && <span className={classes.muted}> +{lead.tags.length - 3}</span>}
        </span>
      );
    case 'company':
      return lead.company ?? <span className={classes.muted}>—</span>;
    case 'leadScore':
      return lead.score ?? <span className={classes.muted}>—</span>;
    case 'score':
      return lead.qualityScore ?? <span className={classes.muted}>—</span>;
    case 'respondBy':
      return lead.respondBy && !lead.firstContactedAt ? (
        <time dateTime={lead.respondBy} title={fullDateTime(lead.respondBy)}>
          {relativeTime(lead.respondBy, now)}
        </time>
      ) : (
        <span className={classes.muted}>—</span>
      );
    case 'followUp':
      return lead.followUpAt ? (
        <time dateTime={lead.followUpAt} title={fullDateTime(lead.followUpAt)} className={Date.parse(lead.followUpAt) < now ? classes.overdue : undefined}>
          {relativeTime(lead.followUpAt, now)}
        </time>
      ) : (
        <span className={classes.muted}>—</span>
      );
    case 'created':
      return (
        <time dateTime={lead.createdAt} title={fullDateTime(lead.createdAt)}>
          {relativeTime(lead.createdAt, now)}
        </time>
      );
    case 'updated':
      return (
        <time dateTime={lead.updatedAt} title={fullDateTime(lead.updatedAt)}>
          {relativeTime(lead.updatedAt, now)}
        </time>
      );
  }
}

// One table row. Memoised: scrolling only mounts the rows coming into view; the others keep their DOM.
export const LeadRow = memo(function LeadRow(props: LeadRowProps) {
  const { lead, index, columns, href, selectable, selected, active, open, now, assigneeLabel, onToggle, onOpen } = props;
  const title = leadTitle(lead);
  const formatPhone = useFormatPhone();
  const secondary = [lead.name ? (lead.email ?? (lead.phone && formatPhone(lead.phone))) : null, lead.company].filter(Boolean).join(' · ');

  const onRowClick = (event: MouseEvent<HTMLTableRowElement>) => {
    // The checkbox and the name link handle their own clicks.
    if (!isPlainClick(event) || (event.target as Element).closest('a, input, button, label')) return;
    onOpen(lead.id, index);
  };

  return (
    <tr
      id={`lead-row-${lead.id}`}
      className={classes.row}
      aria-rowindex={index + 2}
      aria-current={active ? 'true' : undefined}
      data-active={active || undefined}
      data-selected={selected || undefined}
      data-open={open || undefined}
      onClick={onRowClick}
    >
      {selectable && (
        <td className={classes.checkCell}>
          <input
            type="checkbox"
            className={classes.checkbox}
            checked={selected}
            aria-label={`Select ${title}`}
            onClick={(event) => onToggle(lead.id, event.shiftKey)}
            onChange={() => undefined}
          />
        </td>
      )}
      <td className={classes.leadCell}>
        <span className={classes.nameLine}>
          {lead.slaBreached && (
            <span className={classes.sla} title="Response overdue (SLA breached)">
              <IconAlarm size={16} stroke={2} aria-hidden />
              <span className={classes.visuallyHidden}>SLA breached: </span>
            </span>
          )}
          <a
            className={classes.name}
            href={href}
            data-lead-link={lead.id}
            onClick={(event) => {
              if (!isPlainClick(event)) return;
              event.preventDefault();
              onOpen(lead.id, index);
            }}
          >
            {title}
          </a>
        </span>
        {secondary && <span className={classes.secondary}>{secondary}</span>}
      </td>
      {columns.map((column) => (
        <td key={column.id}>{cell(column.id, lead, now, assigneeLabel)}</td>
      ))}
    </tr>
  );
});
