import { Button, Skeleton } from '@mantine/core';
import { IconArrowDown, IconArrowUp } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useImperativeHandle, useRef, useState, type ReactNode, type Ref } from 'react';
import type { Lead } from '../../api/list-leads';
import type { LeadSort } from '../../utils/lead-filters';
import type { HeaderCheckState } from '../../utils/lead-selection';
import type { LeadColumn, LeadDensity } from './lead-columns';
import { COMPACT_ROW_HEIGHT, LeadRow, ROW_HEIGHT } from './lead-row';
import classes from './leads-table.module.css';

// Rows rendered beyond the visible ones, so a quick flick does not show blank space.
const OVERSCAN = 6;
// Start loading the next page this many rows before the end.
const PREFETCH_ROWS = 40;
const SKELETON_ROWS = 12;
const LEAD_COLUMN_MIN_WIDTH = 240;
const LEAD_COLUMN_MIN_WIDTH_COMPACT = 160;
// A phone: with the checkbox, status and priority (lead-columns.ts) the table fits 358 px (390 less the page's padding).
const LEAD_COLUMN_MIN_WIDTH_PHONE = 120;
const CHECK_COLUMN_WIDTH = 44;
const HEADER_HEIGHT = 40;

export interface LeadsTableHandle {
  // Brings a row into view (j/k) and puts the keyboard focus on its link.
  focusRow(index: number, id: string): void;
  scrollToTop(): void;
}

export interface LeadsTableProps {
  ref?: Ref<LeadsTableHandle>;
  leads: readonly Lead[];
  columns: readonly LeadColumn[];
  sort: LeadSort;
  onSort: (sort: LeadSort) => void;
  hrefOf: (id: string) => string;
  selectable: boolean;
  isSelected: (id: string) => boolean;
  headerState: HeaderCheckState;
  onToggle: (id: string, shift: boolean) => void;
  onToggleAll: () => void;
  activeId: string | null;
  openId: string | null;
  onOpen: (id: string, index: number) => void;
  assigneeLabel: (assigneeId: string | null) => string;
  // First load: skeleton rows. Busy: other filters' rows are shown while the new ones load.
  loading: boolean;
  busy: boolean;
  hasNextPage: boolean;
  loadingMore: boolean;
  loadMoreFailed: boolean;
  onLoadMore: () => void;
  total: number;
  totalIsEstimate: boolean;
  // What to show instead of rows (empty state, error).
  placeholder?: ReactNode;
  // A narrow space: the lead column may be narrower.
  compact?: boolean;
  // A phone: narrower still.
  phone?: boolean;
  // Compact: one 36 px line per lead (the contact line is left out).
  density?: LeadDensity;
}

// Re-renders the relative times once a minute.
function useNow(intervalMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

const n = (value: number) => value.toLocaleString('en');

function sortState(column: LeadColumn, sort: LeadSort): 'ascending' | 'descending' | undefined {
  if (!column.sorts?.includes(sort)) return undefined;
  return sort.startsWith('-') ? 'descending' : 'ascending';
}

export function LeadsTable(props: LeadsTableProps) {
  const { ref, leads, columns, sort, onSort, hrefOf, selectable, isSelected, headerState, onToggle, onToggleAll } = props;
  const { activeId, openId, onOpen, assigneeLabel, loading, busy, hasNextPage, loadingMore, loadMoreFailed, onLoadMore } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const now = useNow();
  const density = props.density ?? 'comfortable';
  const rowHeight = density === 'compact' ? COMPACT_ROW_HEIGHT : ROW_HEIGHT;

  // Stable between renders: the virtualiser recomputes every row's position whenever this function changes.
  const getItemKey = useCallback((index: number) => leads[index]?.id ?? index, [leads]);
  // The row heights are fixed, so the virtualiser never measures the DOM: scrolling stays cheap.
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualiser's own re-render drives this table; nothing here is memoised on its functions
  const virtualizer = useVirtualizer({
    count: leads.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: OVERSCAN,
    getItemKey,
    // The sticky header row sits above the rows inside the same scroller.
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });
  // A density change moves every row: the virtualiser forgets the old sizes.
  useEffect(() => {
    virtualizer.measure();
  }, [virtualizer, rowHeight]);
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length > 0 ? items[items.length - 1].index : -1;

  // Infinite scroll; the "Load more" button below the rows does the same for keyboard users.
  useEffect(() => {
    // Not before the user scrolls: the first page already fills the screen, and fetching the next one at once
    // would compete with the first render.
    const scrolled = (virtualizer.scrollOffset ?? 0) > 0;
    if (hasNextPage && scrolled && !loadingMore && !loadMoreFailed && leads.length > 0 && lastIndex >= leads.length - PREFETCH_ROWS) onLoadMore();
  }, [hasNextPage, loadingMore, loadMoreFailed, lastIndex, leads.length, onLoadMore, virtualizer.scrollOffset]);

  useImperativeHandle(
    ref,
    () => ({
      focusRow(index, id) {
        virtualizer.scrollToIndex(index, { align: 'auto' });
        // The row exists once the virtualiser has rendered it: focus on the next frame.
        requestAnimationFrame(() => {
          const link = scrollRef.current?.querySelector<HTMLAnchorElement>(`a[data-lead-link="${id}"]`);
          link?.focus({ preventScroll: true });
        });
      },
      scrollToTop() {
        scrollRef.current?.scrollTo({ top: 0 });
      },
    }),
    [virtualizer],
  );

  const paddingTop = items.length > 0 ? items[0].start - HEADER_HEIGHT : 0;
  const paddingBottom = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
  const columnCount = columns.length + 1 + (selectable ? 1 : 0);
  const leadMinWidth = props.phone ? LEAD_COLUMN_MIN_WIDTH_PHONE : props.compact ? LEAD_COLUMN_MIN_WIDTH_COMPACT : LEAD_COLUMN_MIN_WIDTH;
  const minWidth = leadMinWidth + columns.reduce((sum, column) => sum + column.width, 0) + (selectable ? CHECK_COLUMN_WIDTH : 0);
  const rowCount = hasNextPage ? (props.totalIsEstimate ? -1 : props.total + 1) : leads.length + 1;

  return (
    <div ref={scrollRef} className={classes.scroller} data-testid="leads-scroller">
      <table
        className={classes.table}
        data-density={density}
        style={{ minWidth, opacity: busy ? 0.6 : undefined }}
        aria-label="Leads"
        aria-rowcount={rowCount}
        aria-busy={loading || busy || undefined}
      >
        <colgroup>
          {selectable && <col style={{ width: CHECK_COLUMN_WIDTH }} />}
          <col />
          {columns.map((column) => (
            <col key={column.id} style={{ width: column.width }} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {selectable && (
              <th className={classes.checkCell} scope="col">
                <input
                  type="checkbox"
                  className={classes.checkbox}
                  aria-label={headerState === 'all' ? 'Clear the selection' : 'Select all loaded leads'}
                  checked={headerState === 'all'}
                  ref={(input) => {
                    if (input) input.indeterminate = headerState === 'some';
                  }}
                  disabled={leads.length === 0}
                  onChange={onToggleAll}
                />
              </th>
            )}
            <th scope="col">Lead</th>
            {columns.map((column) => {
              const state = sortState(column, sort);
              if (!column.sorts) {
                return (
                  <th key={column.id} scope="col">
                    {column.label}
                  </th>
                );
              }
              const sorts = column.sorts;
              const next = state ? sorts[(sorts.indexOf(sort) + 1) % sorts.length] : sorts[0];
              return (
                <th key={column.id} scope="col" aria-sort={state ?? 'none'}>
                  <button
                    type="button"
                    className={classes.sortButton}
                    onClick={() => onSort(state && next === sort ? '-createdAt' : next)}
                    title={state ? 'Change the order' : `Sort by ${column.label.toLowerCase()}`}
                  >
                    {column.label}
                    {state === 'descending' && <IconArrowDown size={14} aria-hidden />}
                    {state === 'ascending' && <IconArrowUp size={14} aria-hidden />}
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {loading &&
            Array.from({ length: SKELETON_ROWS }, (_, i) => (
              <tr key={i} className={classes.skeletonRow} aria-hidden>
                <td colSpan={columnCount}>
                  <Skeleton height={14} width={`${60 + ((i * 17) % 35)}%`} />
                </td>
              </tr>
            ))}
          {!loading && paddingTop > 0 && (
            <tr className={classes.spacer} aria-hidden>
              <td colSpan={columnCount} style={{ height: paddingTop }} />
            </tr>
          )}
          {!loading &&
            items.map((item) => {
              const lead = leads[item.index];
              return (
                <LeadRow
                  key={lead.id}
                  lead={lead}
                  index={item.index}
                  columns={columns}
                  href={hrefOf(lead.id)}
                  selectable={selectable}
                  selected={isSelected(lead.id)}
                  active={lead.id === activeId}
                  open={lead.id === openId}
                  now={now}
                  assigneeLabel={assigneeLabel}
                  onToggle={onToggle}
                  onOpen={onOpen}
                />
              );
            })}
          {!loading && paddingBottom > 0 && (
            <tr className={classes.spacer} aria-hidden>
              <td colSpan={columnCount} style={{ height: paddingBottom }} />
            </tr>
          )}
        </tbody>
      </table>
      {props.placeholder}
      {!loading && !props.placeholder && leads.length > 0 && (
        <div className={classes.footer}>
          {hasNextPage ? (
            <>
              <span>
                Showing {n(leads.length)} of {props.totalIsEstimate ? 'about ' : ''}
                {n(Math.max(props.total, leads.length))}
              </span>
              <Button variant="default" size="xs" onClick={onLoadMore} loading={loadingMore}>
                {loadMoreFailed ? 'Try loading more again' : 'Load more'}
              </Button>
            </>
          ) : (
            <span>
              {leads.length === 1 ? 'The only lead' : `All ${n(leads.length)} leads`} shown
            </span>
          )}
        </div>
      )}
    </div>
  );
}
