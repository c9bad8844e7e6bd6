import type { Schemas } from '@hotleads/api-client';
import { defaultMergeSource, LEAD_MERGE_FIELDS, type LeadMergeField } from '@hotleads/shared';
import { Alert, Button, Group, Modal, Radio, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { leadQueryOptions } from '@/features/leads/api/get-lead';
import { fieldLabel, leadTitle } from '@/features/leads/components/lead-detail/lead-labels';
import { fieldValueText } from '@/features/leads/components/lead-detail/lead-values';
import { usePeople } from '@/features/leads/components/lead-detail/use-people';
import { ApiError } from '@/lib/api-client';
import { useMergeLeads } from '@/features/leads/api/merge-leads';

type LeadDto = Schemas['LeadDto'];

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function mergeError(error: unknown): string {
  if (error instanceof ApiError && error.code === 'precondition_failed') return 'One of the leads changed while you were looking. It has been reloaded: check the choices and merge again.';
  return error instanceof Error ? error.message : 'The leads were not merged. Try again.';
}

// Mounted per pair, so the choices start afresh each time.
interface MergeLeadsDialogProps {
  // The two leads of a duplicate pair; the first one is kept unless the user picks the other.
  leadIds: readonly [string, string];
  opened: boolean;
  onClose: () => void;
}

// Both leads side by side, one choice per field that differs (preset to the newest non-empty value), then
// POST /leads/merge with the versions shown, so a lead changed meanwhile is not merged blindly.
export function MergeLeadsDialog({ leadIds, opened, onClose }: MergeLeadsDialogProps) {
  const results = useQueries({ queries: leadIds.map((id) => ({ ...leadQueryOptions(id), enabled: opened })) });
  const leads = results.every((r) => r.data) ? (results.map((r) => r.data) as LeadDto[]) : null;
  const { nameOf } = usePeople();
  const merge = useMergeLeads();
  const [survivorId, setSurvivorId] = useState<string>(leadIds[0]);
  const [choices, setChoices] = useState<Partial<Record<LeadMergeField, string>>>({});

  const differing = useMemo(() => (leads ? LEAD_MERGE_FIELDS.filter((field) => !same(leads[0][field], leads[1][field])) : []), [leads]);
  const defaults = useMemo(
    () => (leads ? Object.fromEntries(differing.map((field) => [field, defaultMergeSource(leads, survivorId, (lead) => lead[field])])) : {}),
    [leads, differing, survivorId],
  ) as Partial<Record<LeadMergeField, string>>;

  const chosen = (field: LeadMergeField) => choices[field] ?? defaults[field] ?? survivorId;

  function submit() {
    if (!leads) return;
    const other = leads.find((l) => l.id !== survivorId)!;
    const fields = Object.fromEntries(differing.map((field) => [field, chosen(field)]));
    merge.mutate(
      { survivorId, leadIds: [other.id], fields, versions: Object.fromEntries(leads.map((l) => [l.id, l.version])) },
      {
        onSuccess: onClose,
        onError: (error) => {
          if (error instanceof ApiError && error.code === 'precondition_failed') for (const r of results) void r.refetch();
        },
      },
    );
  }

  const loadError = results.find((r) => r.isError)?.error;
  return (
    <Modal opened={opened} onClose={onClose} title="Merge leads" size="xl">
      {loadError ? (
        <Alert color="red" title="The leads could not be loaded">
          {loadError.message}
        </Alert>
      ) : !leads ? (
        <Text c="dimmed">Loading both leads…</Text>
      ) : (
        <Stack gap="md">
          <Text size="sm">
            The kept lead takes the value you choose for each field that differs; tags are combined, and the other lead’s timeline and enrichments move to it. The
            other lead is hidden. You can undo the merge for 30 days.
          </Text>
          <Radio.Group label="Keep" value={survivorId} onChange={setSurvivorId}>
            <Group mt="xs">
              {leads.map((lead) => (
                <Radio key={lead.id} value={lead.id} label={`${leadTitle(lead)} (added ${new Date(lead.createdAt).toLocaleDateString()})`} />
              ))}
            </Group>
          </Radio.Group>
          {differing.length === 0 ? (
            <Text size="sm">Both leads have the same values; only their timelines and tags are combined.</Text>
          ) : (
            <ScrollArea>
              <Table aria-label="Fields to keep" verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Field</Table.Th>
                    {leads.map((lead) => (
                      <Table.Th key={lead.id}>
                        {leadTitle(lead)}
                        {lead.id === survivorId ? ' (kept)' : ''}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {differing.map((field) => (
                    <Table.Tr key={field}>
                      <Table.Td fw={500}>{fieldLabel(field)}</Table.Td>
                      {leads.map((lead) => {
                        const text = fieldValueText(field, lead[field], nameOf);
                        return (
                          <Table.Td key={lead.id}>
                            <Radio
                              name={`merge-${field}`}
                              value={lead.id}
                              checked={chosen(field) === lead.id}
                              onChange={() => setChoices((c) => ({ ...c, [field]: lead.id }))}
                              label={text}
                              aria-label={`${fieldLabel(field)}: ${text}`}
                            />
                          </Table.Td>
                        );
                      })}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea>
          )}
          {merge.isError && (
            <Alert color="red" title="The leads were not merged">
              {mergeError(merge.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button onClick={submit} loading={merge.isPending}>
              Merge
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
