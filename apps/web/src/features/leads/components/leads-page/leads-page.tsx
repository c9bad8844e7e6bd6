import { canTransition, LEAD_STATUS_TRANSITIONS, type LeadStatus } from '@hotleads/shared';
import { ActionIcon, Button, EmptyState, Group, Text, Title, useMantineTheme } from '@mantine/core';
import { Busy } from '@/components/ui/busy';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconFilterOff, IconInbox, IconKeyboard, IconLayoutList, IconLayoutRows } from '@tabler/icons-react';
import { useCallback, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link, useNavigate, useOutlet, useParams } from 'react-router';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { GLOBAL_SHORTCUTS } from '@/components/layouts/global-shortcuts';
import { KeyboardShortcutsDialog, type KeyboardShortcutGroup } from '@/components/ui/keyboard-shortcuts-dialog';
import { QueryError } from '@/components/ui/query-error';
import { showUndoToast } from '@/components/ui/undo-toast';
import { paths } from '@/config/paths';
import { usePermissions, useSignedIn } from '@/lib/authorization';
import { STATUS_LABELS } from '@/utils/lead-labels';
import { useBulkDeleteLeads } from '../../api/bulk-delete-leads';
import { useBulkUpdateLeads } from '../../api/bulk-update-leads';
import { useClaimLead } from '../../api/claim-lead';
import { personName, useAssignees, usePeopleDirectory } from '../../api/list-assignees';
import { loadedLeads, useLeadsList, type Lead } from '../../api/list-leads';
import { revertOf, useUndoLeadChanges, type LeadRevert } from '../../api/undo-lead-changes';
import { leadErrorMessage, useUpdateLead } from '../../api/update-lead';
import { useLeadFilters } from '../../hooks/use-lead-filters';
import { STATUS_SHORTCUTS, useLeadsKeyboard, type LeadsShortcut } from '../../hooks/use-leads-keyboard';
import { useLiveLeadList } from '../../hooks/use-live-lead-list';
import { summariseBulkDelete, summariseBulkUpdate, type BulkSummary } from '../../utils/bulk-summary';
import { DEFAULT_LEAD_FILTERS, hasActiveFilters, parseLeadFilters, type LeadFilters } from '../../utils/lead-filters';
import {
  bulkTarget,
  EMPTY_SELECTION,
  headerCheckState,
  isEmptySelection,
  isSelected,
  offersAllMatching,
  selectAllMatching,
  selectedCount,
  toggleAllLoaded,
  toggleLead,
  type LeadSelection,
} from '../../utils/lead-selection';
import { leadTitle } from '../lead-detail/lead-labels';
import { BulkResult } from '../leads-bulk/bulk-result';
import { BulkToolbar, type BulkChange } from '../leads-bulk/bulk-toolbar';
import { ConfirmBulkAction, type PendingBulkAction } from '../leads-bulk/confirm-bulk-action';
import { LeadsFilterBar } from '../leads-filters/leads-filter-bar';
import { SavedViewsMenu } from '../saved-views/saved-views-menu';
import { ColumnChooser } from '../leads-table/column-chooser';
import { useLeadColumns, useLeadDensity } from '../leads-table/lead-columns';
import { LeadsTable, type LeadsTableHandle } from '../leads-table/leads-table';
import { ExportMenu } from './export-menu';
import { LeadPanelLayout } from './lead-panel-layout';
import classes from './leads-page.module.css';

const n = (value: number) => value.toLocaleString('en');
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

export function countText(total: number, estimate: boolean): string {
  if (!estimate) return `${n(total)} ${total === 1 ? 'lead' : 'leads'}`;
  return `about ${total >= 10_000 ? compact.format(total) : n(total)} leads`;
}

// A bulk delete of more leads than this asks first; fewer go at once, with Undo.
export const BULK_DELETE_CONFIRM_ABOVE = 100;

const SHORTCUT_GROUPS: readonly KeyboardShortcutGroup[] = [
  {
    title: 'Moving around',
    shortcuts: [
      { keys: ['j'], description: 'Next lead' },
      { keys: ['k'], description: 'Previous lead' },
      { keys: ['Enter'], description: 'Open the lead' },
      { keys: ['Esc'], description: 'Close the lead, or clear the selection' },
      { keys: ['/'], description: 'Search' },
      { keys: ['?'], description: 'Show these shortcuts' },
    ],
  },
  {
    title: 'Triage the highlighted lead',
    shortcuts: [
      { keys: ['c'], description: 'Claim it (assign it to yourself)' },
      ...STATUS_SHORTCUTS.map((status, i) => ({ keys: [String(i + 1)], description: `Set status to ${STATUS_LABELS[status]}` })),
    ],
  },
];

// Unique values of a field over the loaded leads (filter suggestions); capped, since it runs over every row.
function valuesSeen(leads: readonly Lead[], pick: (lead: Lead) => readonly string[]): string[] {
  const seen = new Set<string>();
  for (let i = 0; i < leads.length && seen.size < 50; i++) for (const value of pick(leads[i])) seen.add(value);
  return [...seen].sort((a, b) => a.localeCompare(b));
}

export function LeadsPage() {
  const theme = useMantineTheme();
  const wide = useMediaQuery(`(min-width: ${theme.breakpoints.md})`, true, { getInitialValueInEffect: false }) ?? true;
  const phone = !(useMediaQuery(`(min-width: ${theme.breakpoints.sm})`, true, { getInitialValueInEffect: false }) ?? true);
  // Room for every filter in a row or two beside an open lead.
  const roomy = useMediaQuery('(min-width: 100em)', true, { getInitialValueInEffect: false }) ?? true;
  const { user } = useSignedIn();
  const permissions = usePermissions();
  const canWrite = permissions.has('leads:write');
  const canDelete = permissions.has('leads:delete');
  const selectable = canWrite || canDelete;

  const { filters, search, setFilters, updateFilters } = useLeadFilters();
  const { leadId } = useParams();
  const outlet = useOutlet();
  const navigate = useNavigate();
  const tableRef = useRef<LeadsTableHandle>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const list = useLeadsList(filters);
  const leads = useMemo(() => loadedLeads(list.data), [list.data]);
  const loadedIds = useMemo(() => leads.map((lead) => lead.id), [leads]);
  const firstPage = list.data?.pages[0];
  const total = firstPage?.total ?? 0;
  const totalIsEstimate = firstPage?.totalIsEstimate ?? false;
  const live = useLiveLeadList(filters, list.data);
  const assignees = useAssignees().data;
  const people = usePeopleDirectory().data;
  const { chosen: chosenColumns, toggle: toggleColumn, reset: resetColumns } = useLeadColumns();
  const [density, setDensity] = useLeadDensity();
  const columns = useMemo(
    () => (phone ? chosenColumns.filter((c) => c.phone).map((c) => ({ ...c, width: c.phoneWidth ?? c.width })) : chosenColumns),
    [phone, chosenColumns],
  );

  // Event handlers read the latest list through this ref, so the callbacks given to rows stay the same.
  const latest = useRef({ leads, loadedIds, search });
  useLayoutEffect(() => {
    latest.current = { leads, loadedIds, search };
  });

  // Checked leads belong to the filters they were checked under.
  const [selectionState, setSelectionState] = useState<{ key: string; selection: LeadSelection }>({ key: search, selection: EMPTY_SELECTION });
  const selection = selectionState.key === search ? selectionState.selection : EMPTY_SELECTION;
  const changeSelection = useCallback(
    (change: (current: LeadSelection) => LeadSelection) =>
      setSelectionState((state) => ({ key: search, selection: change(state.key === search ? state.selection : EMPTY_SELECTION) })),
    [search],
  );
  const onToggle = useCallback(
    (id: string, shift: boolean) => changeSelection((current) => toggleLead(current, id, latest.current.loadedIds, shift)),
    [changeSelection],
  );
  const clearSelection = useCallback(() => changeSelection(() => EMPTY_SELECTION), [changeSelection]);

  // The highlighted row (j/k); opening a lead highlights it.
  const [activeId, setActiveId] = useState<string | null>(leadId ?? null);
  const [seenLeadId, setSeenLeadId] = useState(leadId);
  if (leadId !== seenLeadId) {
    setSeenLeadId(leadId);
    if (leadId) setActiveId(leadId);
  }

  const openLead = useCallback(
    (id: string) => {
      setActiveId(id);
      void navigate(paths.lead.getHref(id, latest.current.search));
    },
    [navigate],
  );
  const closePanel = useCallback(() => void navigate(paths.leads.getHref(latest.current.search)), [navigate]);
  const hrefOf = useCallback((id: string) => paths.lead.getHref(id, search), [search]);
  const assigneeLabel = useCallback(
    (assigneeId: string | null) => {
      if (!assigneeId) return 'Unassigned';
      if (assigneeId === user.id) return 'You';
      return personName(assigneeId, assignees, people) ?? 'Someone else';
    },
    [assignees, people, user.id],
  );

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  const loadMore = useCallback(() => void fetchNextPage({ cancelRefetch: false }), [fetchNextPage]);

  // Triage from the keyboard.
  const updateLead = useUpdateLead();
  const claimLead = useClaimLead();
  const [helpOpen, setHelpOpen] = useState(false);
  const undo = useUndoLeadChanges();
  // Archiving from the keyboard asks first: it takes the lead out of the open lists.
  const [archiveAsk, setArchiveAsk] = useState<Lead | null>(null);
  const activeLead = () => latest.current.leads.find((lead) => lead.id === activeId);

  const move = (by: 1 | -1) => {
    const { leads: rows } = latest.current;
    if (rows.length === 0) return;
    const index = activeId ? rows.findIndex((lead) => lead.id === activeId) : -1;
    const next = index === -1 ? 0 : Math.min(rows.length - 1, Math.max(0, index + by));
    if (next >= rows.length - 10 && hasNextPage && !isFetchingNextPage) loadMore();
    const lead = rows[next];
    setActiveId(lead.id);
    tableRef.current?.focusRow(next, lead.id);
    // With the panel open it follows the highlight, without a history entry per key press.
    if (leadId && leadId !== lead.id) void navigate(paths.lead.getHref(lead.id, latest.current.search), { replace: true });
  };

  const needLead = (): Lead | undefined => {
    const lead = activeLead();
    if (!lead) notifications.show({ color: 'blue', title: 'No lead highlighted', message: 'Move to a lead with j and k first.' });
    else if (!canWrite) notifications.show({ color: 'red', title: 'Not allowed', message: 'Your role cannot change leads.' });
    else return lead;
    return undefined;
  };

  const setStatus = (status: LeadStatus) => {
    const lead = needLead();
    if (!lead) return;
    if (lead.status === status) {
      notifications.show({ title: `Already ${STATUS_LABELS[status].toLowerCase()}`, message: leadTitle(lead), autoClose: 2500 });
      return;
    }
    if (!canTransition(lead.status, status)) {
      const allowed = LEAD_STATUS_TRANSITIONS[lead.status].map((s) => STATUS_LABELS[s]).join(' or ');
      notifications.show({
        color: 'orange',
        title: `Cannot move to ${STATUS_LABELS[status]}`,
        message: `From ${STATUS_LABELS[lead.status]} a lead moves to ${allowed}.`,
      });
      return;
    }
    if (status === 'archived' && archiveAsk?.id !== lead.id) {
      setArchiveAsk(lead);
      return;
    }
    setArchiveAsk(null);
    const from = lead.status;
    updateLead.mutate(
      { id: lead.id, version: lead.version, changes: { status } },
      {
        onSuccess: (saved) =>
          showUndoToast({
            title: `Status: ${STATUS_LABELS[status]}`,
            message: leadTitle(lead),
            // Back to where it was, only if nobody changed the lead since (If-Match on the version this made).
            onUndo: () => undo.mutate({ kind: 'revert', reverts: [{ id: saved.id, version: saved.version, changes: { status: from } }] }),
          }),
      },
    );
  };

  const claim = () => {
    const lead = needLead();
    if (!lead) return;
    if (lead.assigneeId === user.id) {
      notifications.show({ title: 'Already yours', message: leadTitle(lead), autoClose: 2500 });
      return;
    }
    claimLead.mutate({ id: lead.id }, { onSuccess: () => notifications.show({ color: 'green', title: 'Claimed', message: leadTitle(lead), autoClose: 2500 }) });
  };

  // Bulk actions.
  const bulkUpdate = useBulkUpdateLeads();
  const bulkDelete = useBulkDeleteLeads();
  const [pending, setPending] = useState<PendingBulkAction | null>(null);
  const [summary, setSummary] = useState<BulkSummary | null>(null);
  const count = selectedCount(selection, total);

  const nameOf = (id: string) => {
    const lead = latest.current.leads.find((l) => l.id === id);
    return lead ? leadTitle(lead) : undefined;
  };

  const runBulk = (action: PendingBulkAction) => {
    setPending(null);
    const resolved = bulkTarget(selection, filters);
    if ('error' in resolved) {
      notifications.show({ color: 'red', title: 'Nothing to change', message: resolved.error });
      return;
    }
    const onError = (error: Error) => notifications.show({ color: 'red', title: 'The bulk action failed', message: leadErrorMessage(error) });
    // Undo needs to know the leads and how they were: only for leads picked on screen.
    const picked = selection.kind === 'ids' ? latest.current.leads.filter((lead) => selection.ids.has(lead.id)) : [];
    const undoable = selection.kind === 'ids' && picked.length === selection.ids.size;
    if (action.kind === 'delete') {
      bulkDelete.mutate(resolved.target, {
        onSuccess: (result) => {
          const done = summariseBulkDelete(result.deleted, action.count);
          clearSelection();
          const withUndo = undoable && result.deleted > 0 && result.deleted === picked.length;
          // The toast says it all unless some were skipped.
          setSummary(withUndo && done.tone === 'success' ? null : done);
          if (withUndo) {
            const ids = picked.map((lead) => lead.id);
            showUndoToast({ title: done.title, message: 'They are in the trash.', onUndo: () => undo.mutate({ kind: 'restore', ids }) });
          }
        },
        onError,
      });
      return;
    }
    bulkUpdate.mutate(
      { target: resolved.target, set: action.change.set },
      {
        onSuccess: (result) => {
          const done = summariseBulkUpdate(result, nameOf);
          setSummary(done);
          clearSelection();
          const skipped = new Set(result.skipped.map((s) => s.id));
          const reverts = undoable && result.skippedCount === result.skipped.length
            ? picked.filter((lead) => !skipped.has(lead.id)).map((lead) => revertOf(lead, action.change.set)).filter((r): r is LeadRevert => r !== null)
            : [];
          if (reverts.length > 0 && result.updated > 0) {
            showUndoToast({ title: done.title, message: `Set ${action.change.description}.`, onUndo: () => undo.mutate({ kind: 'revert', reverts }) });
          }
        },
        onError,
      },
    );
  };

  const requestChange = (change: BulkChange) => {
    const action: PendingBulkAction = { kind: 'update', change, count, allMatching: selection.kind === 'matching' };
    // Acting on every lead matching a filter may reach far beyond what is on screen: ask first.
    if (selection.kind === 'matching') setPending(action);
    else runBulk(action);
  };

  useLeadsKeyboard(
    (shortcut: LeadsShortcut) => {
      switch (shortcut.type) {
        case 'move':
          return move(shortcut.by);
        case 'open': {
          const lead = activeLead();
          if (lead) openLead(lead.id);
          return;
        }
        case 'claim':
          return claim();
        case 'status':
          return setStatus(STATUS_SHORTCUTS[shortcut.index]);
        case 'search':
          searchRef.current?.focus();
          searchRef.current?.select();
          return;
        case 'help':
          return setHelpOpen(true);
        case 'close':
          // With a lead open, Escape is the panel's (it closes itself).
          if (!leadId && !isEmptySelection(selection)) clearSelection();
          return;
      }
    },
    !helpOpen && pending === null && archiveAsk === null,
  );

  const clearFilters = () => setFilters({ ...DEFAULT_LEAD_FILTERS, sort: filters.sort });
  const changeFilters = (patch: Partial<LeadFilters>) => updateFilters(patch, { replace: 'q' in patch && Object.keys(patch).length === 1 });
  const filtered = hasActiveFilters(filters);
  const loading = list.isPending;
  const failed = list.isError && !list.isFetchNextPageError;
  const empty = !loading && !failed && !list.isPlaceholderData && leads.length === 0;

  let placeholder: ReactNode = null;
  if (failed) {
    placeholder = (
      <div style={{ padding: 'var(--mantine-spacing-md)' }}>
        <QueryError what="the leads" error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />
      </div>
    );
  } else if (empty) {
    placeholder = filtered ? (
      <EmptyState
        py="xl"
        icon={<IconFilterOff size={32} stroke={1.5} aria-hidden />}
        title="No leads match these filters"
        description="Try fewer filters or another search."
      >
        <EmptyState.Actions>
          <Button variant="light" onClick={clearFilters}>
            Clear filters
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    ) : (
      <EmptyState
        py="xl"
        icon={<IconInbox size={32} stroke={1.5} aria-hidden />}
        title="No leads yet"
        description="Leads from your forms, the API and connected tools appear here as they arrive."
      >
        {permissions.has('forms:manage') && (
          <EmptyState.Actions>
            <Button component={Link} to={paths.forms.getHref()} variant="light">
              Set up a form
            </Button>
          </EmptyState.Actions>
        )}
      </EmptyState>
    );
  }

  const headerState = headerCheckState(selection, loadedIds);
  const tagSuggestions = useMemo(() => valuesSeen(leads, (lead) => lead.tags), [leads]);
  const sourceSuggestions = useMemo(() => valuesSeen(leads, (lead) => [lead.source]), [leads]);
  const showToolbar = selectable && !isEmptySelection(selection);

  const dense = density === 'compact' && !phone;
  const countLine = (
    <Group gap="xs" h={36} wrap="nowrap">
      <Text size="sm" fw={500} aria-live="polite" data-testid="leads-count">
        {loading ? 'Loading leads…' : failed ? '' : countText(total, totalIsEstimate)}
      </Text>
      {list.isFetching && !loading && !isFetchingNextPage && <Busy size="xs" label="Updating the list" />}
    </Group>
  );

  const listColumn = (
    <div className={classes.list} data-density={dense ? 'compact' : undefined}>
      <Group justify="space-between" gap="sm" wrap="nowrap">
        {/* Compact: the count beside the title, so more rows fit. */}
        <Group gap="md" wrap="nowrap" miw={0}>
          <Title order={1}>Leads</Title>
          {dense && !showToolbar && countLine}
        </Group>
        <Group gap="xs" wrap="nowrap">
          <SavedViewsMenu search={search} onApply={(query) => setFilters(parseLeadFilters(query))} compact={phone} />
          {permissions.has('leads:export') && <ExportMenu filters={filters} compact={phone} />}
          {!phone && <ColumnChooser chosen={chosenColumns} onToggle={toggleColumn} onReset={resetColumns} />}
          {!phone && (
            <ActionIcon
              variant="default"
              size="lg"
              aria-label="Compact rows"
              aria-pressed={density === 'compact'}
              title={density === 'compact' ? 'Show roomier rows' : 'Show compact rows'}
              onClick={() => setDensity(density === 'compact' ? 'comfortable' : 'compact')}
            >
              {density === 'compact' ? <IconLayoutRows size={18} stroke={1.5} aria-hidden /> : <IconLayoutList size={18} stroke={1.5} aria-hidden />}
            </ActionIcon>
          )}
          {!phone && (
            <ActionIcon variant="default" size="lg" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => setHelpOpen(true)}>
              <IconKeyboard size={18} stroke={1.5} aria-hidden />
            </ActionIcon>
          )}
        </Group>
      </Group>
      <LeadsFilterBar
        filters={filters}
        onChange={changeFilters}
        onClear={clearFilters}
        searchRef={searchRef}
        assignees={assignees}
        tagSuggestions={tagSuggestions}
        sourceSuggestions={sourceSuggestions}
        compact={!wide || (Boolean(outlet) && !roomy) || dense}
      />
      {(!dense || showToolbar) && <div className={classes.statusLine}>
        {showToolbar ? (
          <BulkToolbar
            count={count}
            allMatching={selection.kind === 'matching'}
            offerAllMatching={offersAllMatching(selection, loadedIds, total)}
            total={total}
            totalIsEstimate={totalIsEstimate}
            onSelectAllMatching={() => changeSelection(selectAllMatching)}
            onClear={clearSelection}
            canWrite={canWrite}
            canAssignOthers={permissions.has('leads:assign')}
            canDelete={canDelete}
            currentUserId={user.id}
            assignees={assignees}
            busy={bulkUpdate.isPending || bulkDelete.isPending}
            onChange={requestChange}
            onDelete={() => {
              const action: PendingBulkAction = { kind: 'delete', count, allMatching: selection.kind === 'matching' };
              // A few leads picked by hand go at once (Undo brings them back); many, or a whole filter, ask first.
              if (selection.kind === 'matching' || count > BULK_DELETE_CONFIRM_ABOVE) setPending(action);
              else runBulk(action);
            }}
          />
        ) : (
          countLine
        )}
      </div>}
      {summary && <BulkResult summary={summary} onClose={() => setSummary(null)} />}
      <div className={classes.tableArea}>
        {live.newCount > 0 && (
          <Button
            className={classes.newPill}
            radius="xl"
            size="xs"
            onClick={() => {
              live.showNew();
              tableRef.current?.scrollToTop();
            }}
          >
            {live.newCountIsLowerBound ? `${live.newCount}+` : live.newCount} new {live.newCount === 1 ? 'lead' : 'leads'} — show
          </Button>
        )}
        <LeadsTable
          ref={tableRef}
          leads={leads}
          columns={columns}
          sort={filters.sort}
          onSort={(sort) => updateFilters({ sort })}
          hrefOf={hrefOf}
          selectable={selectable}
          isSelected={(id) => isSelected(selection, id)}
          headerState={headerState}
          onToggle={onToggle}
          onToggleAll={() => changeSelection((current) => toggleAllLoaded(current, latest.current.loadedIds))}
          activeId={activeId}
          openId={leadId ?? null}
          onOpen={openLead}
          assigneeLabel={assigneeLabel}
          loading={loading}
          busy={list.isPlaceholderData}
          hasNextPage={hasNextPage}
          loadingMore={isFetchingNextPage}
          loadMoreFailed={list.isFetchNextPageError}
          onLoadMore={loadMore}
          total={total}
          totalIsEstimate={totalIsEstimate}
          placeholder={placeholder}
          compact={phone}
          phone={phone}
          density={density}
        />
      </div>
    </div>
  );

  return (
    <>
      <LeadPanelLayout list={listColumn} panel={outlet} panelOpen={Boolean(outlet)} onClosePanel={closePanel} wide={wide} />
      <KeyboardShortcutsDialog
        opened={helpOpen}
        onClose={() => setHelpOpen(false)}
        groups={[...SHORTCUT_GROUPS, GLOBAL_SHORTCUTS]}
        note="Shortcuts work while no text field has the focus."
      />
      <ConfirmBulkAction action={pending} onConfirm={runBulk} onCancel={() => setPending(null)} />
      <ConfirmDialog
        opened={archiveAsk !== null}
        title="Archive this lead?"
        confirmLabel="Archive"
        color="blue"
        onConfirm={() => setStatus('archived')}
        onClose={() => setArchiveAsk(null)}
      >
        <Text size="sm">{archiveAsk ? `${leadTitle(archiveAsk)} leaves the open lists. You can undo it for 10 seconds, or reopen it later.` : ''}</Text>
      </ConfirmDialog>
    </>
  );
}
