import { toFilterBody, type LeadFilters } from './lead-filters';

// What the bulk actions act on: leads picked one by one (ids), or every lead matching the current filter,
// loaded or not (the API is then given the filter, not ids).
export type LeadSelection = { kind: 'ids'; ids: ReadonlySet<string>; anchor: string | null } | { kind: 'matching' };

export const EMPTY_SELECTION: LeadSelection = { kind: 'ids', ids: new Set(), anchor: null };

// The API's cap on an id list (BULK_MAX_IDS); beyond it, "all matching" is the way.
export const BULK_MAX_IDS = 10_000;

export const isSelected = (selection: LeadSelection, id: string) => selection.kind === 'matching' || selection.ids.has(id);

export const isEmptySelection = (selection: LeadSelection) => selection.kind === 'ids' && selection.ids.size === 0;

// Checks or unchecks one lead. With shift, every lead between the last one clicked and this one takes the
// same state. Unchecking one lead of "all matching" leaves the loaded leads but that one checked.
export function toggleLead(selection: LeadSelection, id: string, loadedIds: readonly string[], shift = false): LeadSelection {
  const current = selection.kind === 'matching' ? new Set(loadedIds) : selection.ids;
  const next = new Set(current);
  const checked = !current.has(id);
  const anchor = selection.kind === 'ids' ? selection.anchor : null;
  const from = shift && anchor ? loadedIds.indexOf(anchor) : -1;
  const to = loadedIds.indexOf(id);
  if (from !== -1 && to !== -1) {
    for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
      if (checked) next.add(loadedIds[i]);
      else next.delete(loadedIds[i]);
    }
  } else if (checked) next.add(id);
  else next.delete(id);
  return { kind: 'ids', ids: next, anchor: id };
}

export type HeaderCheckState = 'none' | 'some' | 'all';

export function headerCheckState(selection: LeadSelection, loadedIds: readonly string[]): HeaderCheckState {
  if (selection.kind === 'matching') return loadedIds.length > 0 ? 'all' : 'none';
  if (selection.ids.size === 0) return 'none';
  return loadedIds.length > 0 && loadedIds.every((id) => selection.ids.has(id)) ? 'all' : 'some';
}

// The header checkbox: checks every loaded lead, or clears when they all are.
export function toggleAllLoaded(selection: LeadSelection, loadedIds: readonly string[]): LeadSelection {
  if (headerCheckState(selection, loadedIds) === 'all') return EMPTY_SELECTION;
  return { kind: 'ids', ids: new Set(loadedIds), anchor: null };
}

export const selectAllMatching = (): LeadSelection => ({ kind: 'matching' });

// How many leads an action would touch.
export const selectedCount = (selection: LeadSelection, total: number) => (selection.kind === 'matching' ? total : selection.ids.size);

// The "Select all N matching this filter" offer: every loaded lead is checked and more match than are loaded.
export function offersAllMatching(selection: LeadSelection, loadedIds: readonly string[], total: number): boolean {
  return selection.kind === 'ids' && headerCheckState(selection, loadedIds) === 'all' && total > loadedIds.length;
}

export type BulkTarget = { ids: string[] } | { filter: ReturnType<typeof toFilterBody> };

// The request's target, or why there is none.
export function bulkTarget(selection: LeadSelection, filters: LeadFilters): { target: BulkTarget } | { error: string } {
  if (selection.kind === 'matching') return { target: { filter: toFilterBody(filters) } };
  if (selection.ids.size === 0) return { error: 'Select some leads first.' };
  if (selection.ids.size > BULK_MAX_IDS) {
    return { error: `Select at most ${BULK_MAX_IDS.toLocaleString('en')} leads one by one, or all leads matching the filter.` };
  }
  return { target: { ids: [...selection.ids] } };
}

// After the list changes (a lead deleted, filters changed), drop what is no longer there.
export function keepLoaded(selection: LeadSelection, loadedIds: ReadonlySet<string>): LeadSelection {
  if (selection.kind === 'matching') return selection;
  const ids = [...selection.ids].filter((id) => loadedIds.has(id));
  return ids.length === selection.ids.size ? selection : { kind: 'ids', ids: new Set(ids), anchor: selection.anchor };
}
