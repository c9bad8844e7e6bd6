import { Button, Group, List, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { notify } from '@/lib/notify';
import { useEraseSubject } from '../api/erase-subject';
import type { SubjectReport } from '../api/search-subject';
import { KIND_LABELS } from '../utils/kind-labels';

// Erasure cannot be undone: the admin reads what goes and what stays, then types the identifier again.
export function EraseSubjectButton({ report }: { report: SubjectReport }) {
  const [opened, dialog] = useDisclosure(false);
  const [typed, setTyped] = useState('');
  const erase = useEraseSubject();
  const identifier = report.email ?? report.phone ?? '';
  const matches = typed.trim().toLowerCase() === identifier.toLowerCase();
  const found = report.records.filter((r) => r.count > 0);

  const close = () => {
    setTyped('');
    dialog.close();
  };
  const confirm = () =>
    erase.mutate(
      { ...(report.email ? { email: report.email } : {}), ...(report.phone ? { phone: report.phone } : {}), confirm: typed.trim() },
      {
        onSuccess: (result) => {
          const changed = Object.values(result.counts).reduce((n, c) => n + c, 0);
          notify('green', 'Person erased', `${changed} records changed; intake will refuse them from now on.`);
          close();
        },
        onError: (error) => notify('red', 'Nothing was erased', error.message),
      },
    );

  return (
    <>
      <Button color="red" variant="light" onClick={dialog.open}>
        Erase this person…
      </Button>
      <Modal opened={opened} onClose={close} title={`Erase ${identifier}?`} size="lg">
        <Stack gap="md">
          <Text size="sm">This cannot be undone. What goes:</Text>
          <List size="sm" spacing={4}>
            {found.map((r) => (
              <List.Item key={r.kind}>
                <strong>{KIND_LABELS[r.kind] ?? r.kind}</strong> ({r.count}): {r.erasure}
              </List.Item>
            ))}
          </List>
          <Text size="sm">
            What stays: each lead as an anonymous record (status, source, tags, dates, assignee), so counts and statistics do not change.
            The email and phone go on the suppression list as keyed hashes: forms, the API, imports, webhooks and syncs will quietly
            refuse this person until an admin lifts it.
          </Text>
          <TextInput
            label={`Type ${identifier} to confirm`}
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            autoComplete="off"
            data-autofocus
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} disabled={erase.isPending}>
              Cancel
            </Button>
            <Button color="red" onClick={confirm} loading={erase.isPending} disabled={!matches}>
              Erase permanently
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
