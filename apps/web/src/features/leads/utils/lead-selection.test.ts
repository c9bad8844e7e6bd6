import { describe, expect, it } from 'vitest';
import { summariseBulkDelete, summariseBulkUpdate } from './bulk-summary';
import { parseLeadFilters } from './lead-filters';
import {
  BULK_MAX_IDS,
  bulkTarget,
  EMPTY_SELECTION,
  headerCheckState,
  isSelected,
  keepLoaded,
  offersAllMatching,
  selectAllMatching,
  selectedCount,
  toggleAllLoaded,
  toggleLead,
  type LeadSelection,
} from './lead-selection';

const loaded = ['a', 'b', 'c', 'd', 'e'];
const idsOf = (selection: LeadSelection) => (selection.kind === 'ids' ? [...selection.ids].sort() : 'matching');

describe('lead selection', () => {
  it('checks and unchecks single leads', () => {
    let selection = toggleLead(EMPTY_SELECTION, 'b', loaded);
    selection = toggleLead(selection, 'd', loaded);
    expect(idsOf(selection)).toEqual(['b', 'd']);
    expect(idsOf(toggleLead(selection, 'b', loaded))).toEqual(['d']);
  });

  it('checks a range with shift from the last lead clicked, and unchecks one the same way', () => {
    let selection = toggleLead(EMPTY_SELECTION, 'b', loaded);
    selection = toggleLead(selection, 'e', loaded, true);
    expect(idsOf(selection)).toEqual(['b', 'c', 'd', 'e']);

    // Upwards too, from the last lead clicked (e); the clicked lead's new state applies to the whole range.
    selection = toggleLead(selection, 'c', loaded, true);
    expect(idsOf(selection)).toEqual(['b']);
    selection = toggleLead(selection, 'a', loaded, true);
    expect(idsOf(selection)).toEqual(['a', 'b', 'c']);
  });

  it('treats shift without an earlier click as a single click', () => {
    expect(idsOf(toggleLead(EMPTY_SELECTION, 'c', loaded, true))).toEqual(['c']);
  });

  it('checks all loaded leads from the header, then clears them', () => {
    const some = toggleLead(EMPTY_SELECTION, 'a', loaded);
    expect(headerCheckState(some, loaded)).toBe('some');
    const all = toggleAllLoaded(some, loaded);
    expect(headerCheckState(all, loaded)).toBe('all');
    expect(idsOf(all)).toEqual(loaded);
    expect(toggleAllLoaded(all, loaded)).toEqual(EMPTY_SELECTION);
    expect(headerCheckState(EMPTY_SELECTION, loaded)).toBe('none');
  });

  it('offers "all matching" only once every loaded lead is checked and more match', () => {
    const all = toggleAllLoaded(EMPTY_SELECTION, loaded);
    expect(offersAllMatching(toggleLead(EMPTY_SELECTION, 'a', loaded), loaded, 120)).toBe(false);
    expect(offersAllMatching(all, loaded, 120)).toBe(true);
    expect(offersAllMatching(all, loaded, loaded.length)).toBe(false);
    expect(offersAllMatching(selectAllMatching(), loaded, 120)).toBe(false);
  });

  it('acts on the filter, not on ids, when all matching leads are selected', () => {
    const filters = parseLeadFilters('tag=spring&status=unread');
    const matching = selectAllMatching();

    expect(isSelected(matching, 'zzz')).toBe(true);
    expect(selectedCount(matching, 1234)).toBe(1234);
    expect(bulkTarget(matching, filters)).toEqual({ target: { filter: { status: ['unread'], tag: ['spring'] } } });
  });

  it('acts on ids when leads were picked', () => {
    const selection = toggleLead(toggleLead(EMPTY_SELECTION, 'a', loaded), 'c', loaded);
    expect(selectedCount(selection, 1234)).toBe(2);
    const result = bulkTarget(selection, parseLeadFilters('tag=spring'));
    expect('target' in result && 'ids' in result.target ? [...result.target.ids].sort() : result).toEqual(['a', 'c']);
  });

  it('refuses an empty selection and more ids than the API takes', () => {
    expect(bulkTarget(EMPTY_SELECTION, parseLeadFilters(''))).toEqual({ error: 'Select some leads first.' });
    const many = { kind: 'ids', ids: new Set(Array.from({ length: BULK_MAX_IDS + 1 }, (_, i) => `id-${i}`)), anchor: null } as const;
    expect(bulkTarget(many, parseLeadFilters(''))).toHaveProperty('error');
  });

  it('turns "all matching" into the loaded leads minus the one unchecked', () => {
    expect(idsOf(toggleLead(selectAllMatching(), 'c', loaded))).toEqual(['a', 'b', 'd', 'e']);
  });

  it('forgets leads that are no longer loaded', () => {
    const selection = toggleAllLoaded(EMPTY_SELECTION, loaded);
    expect(idsOf(keepLoaded(selection, new Set(['a', 'e', 'x'])))).toEqual(['a', 'e']);
    expect(keepLoaded(selection, new Set(loaded))).toBe(selection);
  });
});

describe('bulk result summary', () => {
  const names: Record<string, string> = { '11111111-aaaa': 'Ada Lovelace' };

  it('says how many were updated and skipped, why, and names the first skipped leads', () => {
    const summary = summariseBulkUpdate(
      {
        matched: 125,
        updated: 120,
        skippedCount: 3,
        skipped: [
          { id: '11111111-aaaa', reason: 'invalid_status_transition' },
          { id: '22222222-bbbb', reason: 'lead_not_assigned_to_you' },
          { id: '33333333-cccc', reason: 'invalid_status_transition' },
        ],
      },
      (id) => names[id],
      2,
    );

    expect(summary.title).toBe('Updated 120; 2 already as requested; skipped 3');
    expect(summary.tone).toBe('warning');
    expect(summary.reasons).toEqual([
      { reason: 'invalid_status_transition', label: 'the status cannot move there from its current one', count: 2 },
      { reason: 'lead_not_assigned_to_you', label: 'assigned to someone else', count: 1 },
    ]);
    expect(summary.examples).toEqual([
      { id: '11111111-aaaa', name: 'Ada Lovelace', label: 'the status cannot move there from its current one' },
      { id: '22222222-bbbb', name: 'Lead 22222222', label: 'assigned to someone else' },
    ]);
    expect(summary.unlisted).toBe(0);
  });

  it('reports skips beyond the listed ones and a clean run', () => {
    const skipped = Array.from({ length: 1000 }, (_, i) => ({ id: `id-${i}`, reason: 'lead_not_assigned_to_you' }));
    expect(summariseBulkUpdate({ matched: 5000, updated: 2500, skippedCount: 2500, skipped }, () => undefined).unlisted).toBe(1500);

    const clean = summariseBulkUpdate({ matched: 30, updated: 30, skippedCount: 0, skipped: [] }, () => undefined);
    expect(clean.title).toBe('Updated 30');
    expect(clean.tone).toBe('success');
  });

  it('summarises a bulk delete', () => {
    expect(summariseBulkDelete(30, 30).title).toBe('Moved 30 leads to the trash');
    expect(summariseBulkDelete(28, 30)).toMatchObject({ title: 'Moved 28 leads to the trash; skipped 2', tone: 'warning' });
  });
});
