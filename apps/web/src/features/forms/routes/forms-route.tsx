import { Button, EmptyState, Group, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconForms, IconPlus } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';
import { QueryError } from '@/components/ui/query-error';
import { useLiveEvents } from '@/hooks/use-live-updates';
import { sessionAllows } from '@/lib/authorization';
import { FORM_LISTS_KEY, formsQueryOptions, useForms } from '../api/get-forms';
import { CreateFormModal } from '../components/create-form-modal';
import { FormsList, FormsListSkeleton } from '../components/forms-list';

function FormsRoute() {
  return (
    <RequirePermission permission="forms:manage">
      <title>Forms · Hot Leads</title>
      <FormsPage />
    </RequirePermission>
  );
}

function FormsPage() {
  const forms = useForms();
  const [creating, create] = useDisclosure(false);
  const queryClient = useQueryClient();
  // A new lead may have come through a form: its count changes.
  useLiveEvents((event) => {
    if (event.type === 'lead.created' || event.type === 'resync') void queryClient.invalidateQueries({ queryKey: FORM_LISTS_KEY });
  });

  return (
    <Stack gap="lg" maw={1100}>
      <Group justify="space-between" align="flex-start" gap="sm">
        <div>
          <Title order={1}>Forms</Title>
          <Text c="dimmed">Public endpoints your websites post leads to, with what each has brought in.</Text>
        </div>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={create.open}>
          New form
        </Button>
      </Group>
      {forms.isPending ? (
        <FormsListSkeleton />
      ) : forms.isError ? (
        <QueryError what="the forms" error={forms.error} retrying={forms.isFetching} onRetry={() => void forms.refetch()} />
      ) : forms.data.length === 0 ? (
        <EmptyState
          icon={<IconForms size={32} aria-hidden />}
          withIndicatorBackground
          title="No forms yet"
          description="Create a form, then paste its snippet into your website to start receiving leads."
          py="xl"
        >
          <EmptyState.Actions>
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={create.open}>
              Create your first form
            </Button>
          </EmptyState.Actions>
        </EmptyState>
      ) : (
        <FormsList forms={forms.data} />
      )}
      <CreateFormModal opened={creating} onClose={create.close} />
    </Stack>
  );
}

// Starts loading the list while the page's code arrives, when the session is already known to allow it (on a
// fresh load the layout is still restoring it, and the page then loads its own data); errors are the page's.
export const page: PageFactory = (queryClient) => ({
  Component: FormsRoute,
  loader: () => {
    if (sessionAllows('forms:manage')) queryClient.prefetchQuery(formsQueryOptions()).catch(() => undefined);
    return null;
  },
});
