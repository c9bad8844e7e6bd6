import { LEAD_STATUS_TRANSITIONS } from '@hotleads/shared';
import { Kbd, Modal, ScrollArea, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { Busy } from '@/components/ui/busy';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { paths } from '@/config/paths';
import { useClaimLead } from '@/features/leads/api/claim-lead';
import { leadQueryOptions } from '@/features/leads/api/get-lead';
import { listLeads } from '@/features/leads/api/list-leads';
import { useUpdateLead } from '@/features/leads/api/update-lead';
import { leadTitle } from '@/features/leads/components/lead-detail/lead-labels';
import { DEFAULT_LEAD_FILTERS } from '@/features/leads/utils/lead-filters';
import { usePermissions, useSignedIn } from '@/lib/authorization';
import { STATUS_LABELS } from '@/utils/lead-labels';
import { matches, openLeadId, pageItems, type CommandItem } from './command-items';
import classes from './command-menu.module.css';

const LEAD_RESULTS = 6;
const MIN_SEARCH = 2;

interface CommandMenuProps {
  opened: boolean;
  onClose: () => void;
}

// Ctrl/Cmd+K: type to go to a page, find a lead by name, email or phone, or act on the open lead.
// Arrow keys move, Enter runs, Escape closes. Loaded on first use (see CommandMenuLauncher).
export default function CommandMenu({ opened, onClose }: CommandMenuProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Command menu" size="lg" yOffset="10vh" padding="md">
      {opened && <CommandMenuBody onClose={onClose} />}
    </Modal>
  );
}

function CommandMenuBody({ onClose }: { onClose: () => void }) {
  const permissions = usePermissions();
  const { user } = useSignedIn();
  const navigate = useNavigate();
  const location = useLocation();
  const listId = useId();
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 200);
  const [cursor, setCursor] = useState(0);

  const canRead = permissions.has('leads:read');
  const canWrite = permissions.has('leads:write');
  const leadId = openLeadId(location.pathname);
  const search = canRead && debounced.length >= MIN_SEARCH ? debounced : '';
  const found = useQuery({
    queryKey: ['leads', 'command-search', search],
    queryFn: ({ signal }) => listLeads({ ...DEFAULT_LEAD_FILTERS, q: search }, null, signal),
    enabled: search !== '',
    staleTime: 10_000,
  });
  const open = useQuery({ ...leadQueryOptions(leadId ?? ''), enabled: leadId !== null && canRead });
  const updateLead = useUpdateLead();
  const claimLead = useClaimLead();

  const items = useMemo(() => {
    const go = (to: string) => void navigate(to);
    const list: CommandItem[] = [];
    const lead = open.data;
    if (lead && canWrite && !lead.deletedAt) {
      const name = leadTitle(lead);
      const actions: CommandItem[] = [];
      if (lead.assigneeId !== user.id) actions.push({ id: 'claim', group: 'Actions', label: 'Claim this lead', description: name, run: () => claimLead.mutate({ id: lead.id }) });
      for (const to of LEAD_STATUS_TRANSITIONS[lead.status]) {
        actions.push({
          id: `status:${to}`,
          group: 'Actions',
          label: `Set status to ${STATUS_LABELS[to]}`,
          description: name,
          run: () => updateLead.mutate({ id: lead.id, version: lead.version, changes: { status: to } }),
        });
      }
      list.push(...actions.filter((action) => matches(action.label, query)));
    }
    if (search !== '' && found.data && search === query.trim()) {
      for (const hit of found.data.data.slice(0, LEAD_RESULTS)) {
        list.push({
          id: `lead:${hit.id}`,
          group: 'Leads',
          label: leadTitle(hit),
          description: [hit.email, hit.phone, hit.company].filter(Boolean).join(' · ') || undefined,
          run: () => go(paths.lead.getHref(hit.id)),
        });
      }
    }
    list.push(...pageItems(permissions, query, go));
    if (typeof Notification !== 'undefined' && Notification.permission === 'default' && canRead) {
      const action: CommandItem = {
        id: 'desktop-notifications',
        group: 'Actions',
        label: 'Turn on desktop notifications for new urgent leads',
        run: () => void Notification.requestPermission(),
      };
      if (matches(action.label, query)) list.push(action);
    }
    return list;
  }, [open.data, canRead, canWrite, user.id, query, search, found.data, permissions, navigate, claimLead, updateLead]);

  const active = Math.min(cursor, Math.max(0, items.length - 1));
  const run = (item: CommandItem | undefined) => {
    if (!item) return;
    onClose();
    item.run();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (items.length === 0) return;
      const by = event.key === 'ArrowDown' ? 1 : -1;
      setCursor((active + by + items.length) % items.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      run(items[active]);
    }
  };
  const optionId = (index: number) => `${listId}-option-${index}`;
  const searching = search !== '' && (found.isFetching || query.trim() !== debounced);

  return (
    <Stack gap="sm">
      <TextInput
        data-autofocus
        aria-label="Search pages, leads and actions"
        placeholder={canRead ? 'Go to a page, find a lead by name, email or phone…' : 'Go to a page…'}
        leftSection={<IconSearch size={16} aria-hidden />}
        rightSection={searching ? <Busy size="xs" label="Searching" /> : null}
        value={query}
        onChange={(event) => {
          setQuery(event.currentTarget.value);
          setCursor(0);
        }}
        onKeyDown={onKeyDown}
        role="combobox"
        aria-expanded
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={items.length > 0 ? optionId(active) : undefined}
      />
      <ScrollArea.Autosize mah="50vh">
        <div id={listId} role="listbox" aria-label="Results" className={classes.list}>
          {items.map((item, index) => (
            <div key={item.id}>
              {(index === 0 || items[index - 1].group !== item.group) && (
                <Text size="xs" fw={700} c="dimmed" tt="uppercase" className={classes.group} aria-hidden>
                  {item.group}
                </Text>
              )}
              <UnstyledButton
                id={optionId(index)}
                role="option"
                aria-selected={index === active}
                className={classes.option}
                data-active={index === active || undefined}
                onMouseEnter={() => setCursor(index)}
                onClick={() => run(item)}
                tabIndex={-1}
              >
                <Text size="sm" fw={500} truncate>
                  {item.label}
                </Text>
                {item.description && (
                  <Text size="xs" c="dimmed" truncate>
                    {item.description}
                  </Text>
                )}
              </UnstyledButton>
            </div>
          ))}
        </div>
        {items.length === 0 && (
          <Text size="sm" c="dimmed" py="sm" role="status">
            {searching ? 'Searching…' : 'Nothing matches.'}
          </Text>
        )}
        {search !== '' && found.data && found.data.data.length === 0 && !searching && (
          <Text size="sm" c="dimmed" py="xs" role="status">
            No lead matches “{search}”.
          </Text>
        )}
      </ScrollArea.Autosize>
      <Text size="xs" c="dimmed">
        <Kbd size="xs">↑</Kbd> <Kbd size="xs">↓</Kbd> to move, <Kbd size="xs">Enter</Kbd> to choose, <Kbd size="xs">Esc</Kbd> to close
      </Text>
    </Stack>
  );
}
