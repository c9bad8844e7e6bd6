import type { Permission } from '@hotleads/shared';
import { NAV_ITEMS, visibleNavItems } from '@/components/layouts/nav-items';

// What the command menu lists: pages to go to, leads found by the search, and actions on the open lead.
export interface CommandItem {
  id: string;
  group: 'Actions' | 'Leads' | 'Pages';
  label: string;
  // A second line (the lead's email or phone, what an action does).
  description?: string;
  run: () => void;
}

// Words typed in any order and case, each somewhere in the text.
export function matches(text: string, query: string): boolean {
  const haystack = text.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

export function pageItems(permissions: ReadonlySet<Permission>, query: string, go: (to: string) => void): CommandItem[] {
  return visibleNavItems(NAV_ITEMS, permissions)
    .filter((item) => matches(item.label, query))
    .map((item) => ({ id: `page:${item.to}`, group: 'Pages', label: item.label, description: 'Go to page', run: () => go(item.to) }));
}

// The lead open in the panel, from the address (/leads/{id}).
export function openLeadId(pathname: string): string | null {
  const match = /^\/leads\/([0-9a-f-]{36})(?:\/|$)/i.exec(pathname);
  return match ? match[1] : null;
}
