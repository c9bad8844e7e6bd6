import { Alert, Badge, Button, Group, NumberInput, Paper, Radio, Stack, Switch, Text, Title } from '@mantine/core';
import { IconPlugConnected } from '@tabler/icons-react';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { paths } from '@/config/paths';
import { useTestConnection } from '@/features/integrations/api/connections';
import { notify } from '@/lib/notify';
import { useUpdateEnrichmentSettings, type EnrichmentProviderSettings, type EnrichmentSettings } from '../api/enrichment';
import { ConnectProviderForm } from './connect-provider-form';

const KIND_TEXT = {
  phone: 'Checks phone numbers: valid or not, mobile or landline, carrier.',
  email: 'Verifies email addresses: deliverable, undeliverable, risky or unknown.',
};

function TestButton({ connectionId, label }: { connectionId: string; label: string }) {
  const test = useTestConnection(connectionId);
  return (
    <Stack gap={4} align="flex-start">
      <Button size="xs" variant="default" leftSection={<IconPlugConnected size={14} aria-hidden />} loading={test.isPending} onClick={() => test.mutate()}>
        Test {label}
      </Button>
      {test.data && (
        <Text size="sm" c={test.data.ok ? 'green.8' : 'red.8'} role="status">
          {test.data.message}
        </Text>
      )}
      {test.error && (
        <Text size="sm" c="red.8" role="status">
          The test could not run: {test.error.message}
        </Text>
      )}
    </Stack>
  );
}

interface Draft {
  enabled: boolean;
  dailyBudget: number | string;
}

function ProviderCard({ provider, draft, onChange }: { provider: EnrichmentProviderSettings; draft: Draft; onChange: (d: Draft) => void }) {
  const id = useId();
  const c = provider.connection;
  const budget = typeof draft.dailyBudget === 'number' ? draft.dailyBudget : provider.dailyBudget;
  return (
    <Paper component="section" withBorder p="md" aria-labelledby={id}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id={id}>
            {provider.label}
          </Title>
          {c ? (
            <Badge color={c.status === 'active' ? 'green' : c.status === 'needs_attention' ? 'red' : 'gray'}>
              {c.status === 'active' ? 'Connected' : c.status === 'needs_attention' ? 'Needs attention' : 'Disabled'}
            </Badge>
          ) : (
            <Badge color="gray">Not connected</Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {KIND_TEXT[provider.kind]}
        </Text>
        {c?.status === 'needs_attention' && (
          <Alert color="red" title="The provider refused the credentials" role="status">
            {c.lastError ?? 'Enter new credentials on the connection page.'} <Link to={paths.integration.getHref(c.id)}>Open the connection</Link>
          </Alert>
        )}
        {c ? <TestButton connectionId={c.id} label={provider.label} /> : <ConnectProviderForm provider={provider.provider} label={provider.label} />}
        <Switch label={`Run ${provider.label}`} checked={draft.enabled} onChange={(e) => onChange({ ...draft, enabled: e.currentTarget.checked })} />
        <NumberInput
          label="Daily budget (lookups)"
          description="Paid lookups per day (UTC). Beyond it, lookups are skipped with the reason; answers from the cache are free."
          min={0}
          max={1_000_000}
          allowDecimal={false}
          allowNegative={false}
          value={draft.dailyBudget}
          onChange={(v) => onChange({ ...draft, dailyBudget: v })}
          maw={260}
        />
        <Text size="sm" aria-label={`${provider.label} usage today`}>
          Today: <strong>{provider.usedToday}</strong> of {budget} lookups used · {provider.cachedToday} from the cache · {provider.skippedToday} skipped (budget)
        </Text>
      </Stack>
    </Paper>
  );
}

// Settings → Enrichment: which providers run, automatically or on demand, and their budgets.
export function EnrichmentSettingsForm({ settings }: { settings: EnrichmentSettings }) {
  const update = useUpdateEnrichmentSettings();
  const [mode, setMode] = useState(settings.mode);
  const [drafts, setDrafts] = useState<Record<string, Draft>>(() =>
    Object.fromEntries(settings.providers.map((p) => [p.provider, { enabled: p.enabled, dailyBudget: p.dailyBudget }])),
  );
  const [problem, setProblem] = useState<string | null>(null);

  // Not a <form>: each provider card holds its own connect form, and forms do not nest.
  const submit = () => {
    const providers: Record<string, { enabled: boolean; dailyBudget: number }> = {};
    for (const p of settings.providers) {
      const d = drafts[p.provider];
      if (typeof d.dailyBudget !== 'number' || !Number.isInteger(d.dailyBudget) || d.dailyBudget < 0) {
        setProblem(`Give ${p.label} a daily budget of 0 or more lookups`);
        return;
      }
      providers[p.provider] = {
        enabled: d.enabled,
        dailyBudget: d.dailyBudget,
      };
    }
    setProblem(null);
    update.mutate(
      { mode, providers },
      {
        onSuccess: () => notify('green', 'Enrichment saved', 'The new settings apply to the next lookups.'),
      },
    );
  };

  return (
    <Stack gap="lg">
      <Radio.Group label="When to enrich" value={mode} onChange={(v) => setMode(v as typeof mode)}>
        <Stack gap="xs" mt="xs">
          <Radio value="auto" label="Automatically: new leads, and leads whose email or phone changes" />
          <Radio value="on_demand" label="Only on demand (the Re-check button on a lead, or bulk enrich)" />
        </Stack>
      </Radio.Group>
      {settings.providers.map((p) => (
        <ProviderCard key={p.provider} provider={p} draft={drafts[p.provider]} onChange={(d) => setDrafts({ ...drafts, [p.provider]: d })} />
      ))}
      {(problem || update.error) && (
        <Alert color="red" role="status">
          {problem ?? update.error?.message}
        </Alert>
      )}
      <Group>
        <Button onClick={submit} loading={update.isPending}>
          Save
        </Button>
      </Group>
    </Stack>
  );
}
