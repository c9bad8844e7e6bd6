import { useLocalStorage } from '@mantine/hooks';
import { useCallback, useMemo } from 'react';
import type { LeadSort } from '../../utils/lead-filters';

export type LeadColumnId =
  | 'status'
  | 'priority'
  | 'assignee'
  | 'source'
  | 'type'
  | 'tags'
  | 'company'
  | 'score'
  | 'leadScore'
  | 'respondBy'
  | 'followUp'
  | 'created'
  | 'updated';

export interface LeadColumn {
  id: LeadColumnId;
  label: string;
  // Fixed width in px (table-layout: fixed keeps rows from shifting as different leads scroll into view).
  width: number;
  // The sorts a click on the header cycles through (first = the one a first click picks).
  sorts?: readonly LeadSort[];
  // Shown on a phone, where only a few columns fit, at this narrower width when given.
  phone?: boolean;
  phoneWidth?: number;
}

// The lead column (name, contact, SLA marker) and the checkbox are always there; these can be chosen.
export const LEAD_COLUMNS: readonly LeadColumn[] = [
  // On a 390 px phone the lead column, the checkbox and these two fit side by side (no sideways scroll).
  { id: 'status', label: 'Status', width: 116, phone: true, phoneWidth: 104 },
  { id: 'priority', label: 'Priority', width: 104, sorts: ['-priority'], phone: true, phoneWidth: 80 },
  { id: 'assignee', label: 'Assignee', width: 140 },
  { id: 'source', label: 'Source', width: 112 },
  { id: 'type', label: 'Type', width: 120 },
  { id: 'tags', label: 'Tags', width: 180 },
  { id: 'company', label: 'Company', width: 160 },
  // The computed score of the workspace's scoring rules; 'score' is the manual quality score (its id kept
  // so columns chosen before stay as they were).
  { id: 'leadScore', label: 'Score', width: 84, sorts: ['-score'] },
  { id: 'score', label: 'Quality', width: 84, sorts: ['-qualityScore'] },
  { id: 'respondBy', label: 'Respond by', width: 124, sorts: ['respondBy'] },
  { id: 'followUp', label: 'Follow-up', width: 124, sorts: ['followUpAt'] },
  { id: 'created', label: 'Created', width: 112, sorts: ['-createdAt', 'createdAt'] },
  { id: 'updated', label: 'Updated', width: 112, sorts: ['-updatedAt'] },
];

export const DEFAULT_COLUMNS: readonly LeadColumnId[] = ['status', 'priority', 'assignee', 'source', 'tags', 'leadScore', 'respondBy', 'created'];

export const COLUMNS_STORAGE_KEY = 'hotleads-leads-columns';
export const DENSITY_STORAGE_KEY = 'hotleads-leads-density';

export type LeadDensity = 'comfortable' | 'compact';

// Row density, remembered in this browser like the columns.
export function useLeadDensity() {
  const [stored, setStored] = useLocalStorage<LeadDensity>({ key: DENSITY_STORAGE_KEY, defaultValue: 'comfortable', getInitialValueInEffect: false });
  const density: LeadDensity = stored === 'compact' ? 'compact' : 'comfortable';
  return [density, setStored] as const;
}

const known = new Set<string>(LEAD_COLUMNS.map((column) => column.id));

// The chosen columns, remembered in this browser. Read synchronously so the first paint has them.
export function useLeadColumns() {
  const [stored, setStored] = useLocalStorage<LeadColumnId[]>({
    key: COLUMNS_STORAGE_KEY,
    defaultValue: [...DEFAULT_COLUMNS],
    getInitialValueInEffect: false,
  });
  const chosen = useMemo(() => {
    const ids = new Set((Array.isArray(stored) ? stored : DEFAULT_COLUMNS).filter((id) => known.has(id)));
    // Always in the table's own order, whatever order they were picked in.
    return LEAD_COLUMNS.filter((column) => ids.has(column.id));
  }, [stored]);
  const toggle = useCallback(
    (id: LeadColumnId) =>
      setStored((current) => {
        const ids = Array.isArray(current) ? current : [...DEFAULT_COLUMNS];
        return ids.includes(id) ? ids.filter((c) => c !== id) : [...ids, id];
      }),
    [setStored],
  );
  const reset = useCallback(() => setStored([...DEFAULT_COLUMNS]), [setStored]);
  return { chosen, toggle, reset };
}
