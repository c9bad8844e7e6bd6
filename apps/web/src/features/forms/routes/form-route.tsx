import { Anchor, Badge, Card, Group, SimpleGrid, Skeleton, Stack, Tabs, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconArrowLeft, IconCode, IconListDetails, IconSettings } from '@tabler/icons-react';
import { useId } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';
import { QueryError } from '@/components/ui/query-error';
import { paths } from '@/config/paths';
import { ApiError } from '@/lib/api-client';
import { useCan } from '@/lib/authorization';
import { sessionAllows } from '@/lib/authorization';
import { TYPE_LABELS } from '@/utils/lead-labels';
import { formQueryOptions, useForm } from '../api/get-form';
import type { Form } from '../api/get-forms';
import { DeleteFormButton } from '../components/delete-form-button';
import { EmbedSnippetsPanel } from '../components/embed-snippets-panel';
import { FormEnabledSwitch } from '../components/form-enabled-switch';
import { FormSettingsPanel } from '../components/form-settings-panel';
import { formatDate } from '../utils/form-labels';

const TABS = ['settings', 'embed'] as const;
type Tab = (typeof TABS)[number];

const count = new Intl.NumberFormat();

function FormRoute() {
  return (
    <RequirePermission permission="forms:manage">
      <FormPage />
    </RequirePermission>
  );
}

function FormPage() {
  const { formId = '' } = useParams();
  const form = useForm(formId);

  if (form.isPending) return <FormPageSkeleton />;
  if (form.isError) {
    // A malformed id is refused as 400 before any look-up: for the user, both mean "no such form".
    const missing = form.error instanceof ApiError && (form.error.status === 404 || form.error.status === 400);
    return (
      <Stack gap="lg" maw={1100}>
        <title>{missing ? 'Form not found · Hot Leads' : 'Form · Hot Leads'}</title>
        <BackToForms />
        <Title order={1}>{missing ? 'Form not found' : 'Form'}</Title>
        {missing ? (
          <Text>This form does not exist or was deleted.</Text>
        ) : (
          <QueryError what="the form" error={form.error} retrying={form.isFetching} onRetry={() => void form.refetch()} />
        )}
      </Stack>
    );
  }
  return <FormDetails form={form.data} />;
}

function FormDetails({ form }: { form: Form }) {
  const [search, setSearch] = useSearchParams();
  const requested = search.get('tab');
  const tab: Tab = TABS.includes(requested as Tab) ? (requested as Tab) : 'settings';
  const canReadLeads = useCan('leads:read');
  const selectTab = (next: string | null) =>
    setSearch(
      (current) => {
        const params = new URLSearchParams(current);
        if (next && next !== 'settings') params.set('tab', next);
        else params.delete('tab');
        return params;
      },
      { replace: true },
    );

  return (
    <Stack gap="lg" maw={1100}>
      <title>{`${form.name} · Forms · Hot Leads`}</title>
      <BackToForms />
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={6} miw={0}>
          <Title order={1}>{form.name}</Title>
          <Group gap="xs">
            <Badge variant="light" color="gray">
              {TYPE_LABELS[form.type]}
            </Badge>
            <Badge variant="dot" color={form.enabled ? 'green' : 'gray'}>
              {form.enabled ? 'Accepting submissions' : 'Disabled'}
            </Badge>
          </Group>
        </Stack>
        <Group gap="md">
          <FormEnabledSwitch form={form} label="Enabled" />
          <DeleteFormButton form={form} />
        </Group>
      </Group>

      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md">
        <Figure label="Submissions" value={count.format(form.submissionCount)} hint="Leads this form brought in" />
        <Figure label="Spam hits" value={count.format(form.spamCount)} hint="Dropped by the spam trap" />
        <Figure label="Created" value={formatDate(form.createdAt)} hint={`Last changed ${formatDate(form.updatedAt)}`} />
      </SimpleGrid>
      {canReadLeads && (
        <Group gap={6}>
          <IconListDetails size={18} aria-hidden />
          {/* The leads list filters by source and type, not by a single form. */}
          <Anchor component={Link} to={paths.leads.getHref(`source=form&type=${form.type}`)}>
            View leads from {TYPE_LABELS[form.type].toLowerCase()} forms
          </Anchor>
        </Group>
      )}

      <Tabs value={tab} onChange={selectTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="settings" leftSection={<IconSettings size={16} aria-hidden />}>
            Settings
          </Tabs.Tab>
          <Tabs.Tab value="embed" leftSection={<IconCode size={16} aria-hidden />}>
            Embed
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="settings" pt="lg">
          {/* Keyed by form: another form's page starts from its own settings. */}
          <FormSettingsPanel key={form.id} form={form} />
        </Tabs.Panel>
        <Tabs.Panel value="embed" pt="lg">
          <EmbedSnippetsPanel form={form} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function Figure({ label, value, hint }: { label: string; value: string; hint: string }) {
  const labelId = useId();
  return (
    <Card withBorder padding="md" role="group" aria-labelledby={labelId}>
      <Text size="sm" fw={500} id={labelId}>
        {label}
      </Text>
      <Text fz="xl" fw={700}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </Card>
  );
}

function BackToForms() {
  return (
    <Anchor component={Link} to={paths.forms.getHref()} size="sm">
      <Group gap={4} component="span">
        <IconArrowLeft size={14} aria-hidden />
        All forms
      </Group>
    </Anchor>
  );
}

function FormPageSkeleton() {
  return (
    <Stack gap="lg" maw={1100} aria-busy="true">
      <title>Form · Hot Leads</title>
      <VisuallyHidden role="status">Loading the form</VisuallyHidden>
      <Skeleton height={16} width={90} />
      <Skeleton height={34} width="40%" />
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md">
        <Skeleton height={92} />
        <Skeleton height={92} />
        <Skeleton height={92} />
      </SimpleGrid>
      <Skeleton height={36} width={220} />
      <Skeleton height={280} />
    </Stack>
  );
}

export const page: PageFactory = (queryClient) => ({
  Component: FormRoute,
  loader: ({ params }) => {
    // See the list's loader: only once the session is known to allow it.
    if (params.formId && sessionAllows('forms:manage')) queryClient.prefetchQuery(formQueryOptions(params.formId)).catch(() => undefined);
    return null;
  },
});
