import { useCallback, useMemo } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { normaliseLeadFilters, parseLeadFilters, serialiseLeadFilters, type LeadFilters } from '../utils/lead-filters';

// The leads page's filters, read from and written to the URL (which stays the one source of truth, so a
// link or a reload shows the same list). The open lead's path is kept when filters change.
export function useLeadFilters() {
  const { pathname, search: rawSearch } = useLocation();
  const navigate = useNavigate();
  const filters = useMemo(() => parseLeadFilters(rawSearch), [rawSearch]);
  // The canonical query string (known values only, fixed order): what links and saved views carry.
  const search = useMemo(() => serialiseLeadFilters(filters), [filters]);

  const setFilters = useCallback(
    (next: Partial<LeadFilters>, { replace = false }: { replace?: boolean } = {}) => {
      const query = serialiseLeadFilters(normaliseLeadFilters(next));
      void navigate({ pathname, search: query ? `?${query}` : '' }, { replace });
    },
    [navigate, pathname],
  );

  const updateFilters = useCallback(
    (patch: Partial<LeadFilters>, options?: { replace?: boolean }) => setFilters({ ...filters, ...patch }, options),
    [filters, setFilters],
  );

  return { filters, search, setFilters, updateFilters };
}
