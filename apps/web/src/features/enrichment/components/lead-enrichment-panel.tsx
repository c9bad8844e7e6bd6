import type { Schemas } from '@hotleads/api-client';
import { Alert, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { Busy } from '@/components/ui/busy';
import { IconRefresh } from '@tabler/icons-react';
import { fullDateTime } from '@/features/leads/components/leads-table/relative-time';
import { useEnrichLead, useLeadEnrichments, type Enrichment } from '../api/enrichment';
import { EMAIL_VERDICT_COLORS, emailVerdictLabel, lineTypeLabel, reasonText } from '../utils/labels';

type LeadDto = Schemas['LeadDto'];

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

function When({ row }: { row: Enrichment }) {
  const at = row.fetchedAt ?? row.finishedAt ?? row.createdAt;
  return (
    <Text size="xs" c="dimmed">
      {row.status === 'queued' ? 'Checking…' : `Checked ${fullDateTime(at)}${row.cached ? ' (from the workspace cache)' : ''}`}
    </Text>
  );
}

// The latest lookup's problem, if the latest one did not give an answer.
function Problem({ row }: { row: Enrichment | undefined }) {
  if (!row || row.status === 'succeeded' || row.status === 'queued') return null;
  return (
    <Text size="xs" c={row.status === 'failed' ? 'red.8' : 'orange.9'}>
      {row.status === 'failed' ? `The last check failed: ${row.reason ?? 'no answer'}` : reasonText(row.reason)}
    </Text>
  );
}

function PhoneResult({ lead, rows }: { lead: LeadDto; rows: Enrichment[] }) {
  const latest = rows[0];
  const answer = rows.find((r) => r.status === 'succeeded' && r.value === lead.phone);
  const s = answer?.summary ?? {};
  return (
    <Stack gap={4} aria-label="Phone check">
      <Group gap="xs">
        <Text size="sm" fw={600}>
          Phone
        </Text>
        {lead.phoneValid === true && <Badge color="green">Valid</Badge>}
        {lead.phoneValid === false && <Badge color="red">Invalid</Badge>}
        {lead.phoneLineType && <Badge variant="light">{lineTypeLabel(lead.phoneLineType)}</Badge>}
        {lead.phoneValid === null && !latest && (
          <Text size="sm" c="dimmed">
            Not checked
          </Text>
        )}
      </Group>
      {answer && (
        <Text size="sm">
          {[str(s.carrier) && `Carrier: ${str(s.carrier)}`, str(s.countryCode) && `Country: ${str(s.countryCode)}`, str(s.nationalFormat)].filter(Boolean).join(' · ') ||
            (Array.isArray(s.validationErrors) && s.validationErrors.length > 0 ? `Twilio says: ${s.validationErrors.join(', ')}` : null)}
        </Text>
      )}
      {latest && <When row={latest} />}
      <Problem row={latest} />
    </Stack>
  );
}

function EmailResult({ lead, rows }: { lead: LeadDto; rows: Enrichment[] }) {
  const latest = rows[0];
  const answer = rows.find((r) => r.status === 'succeeded' && r.value === lead.email);
  const s = answer?.summary ?? {};
  const verdict = lead.emailVerdict;
  const flags = [s.disposable === true && 'disposable', s.role === true && 'role address', s.free === true && 'free provider', s.acceptAll === true && 'accepts all'].filter(
    Boolean,
  );
  return (
    <Stack gap={4} aria-label="Email check">
      <Group gap="xs">
        <Text size="sm" fw={600}>
          Email
        </Text>
        {verdict && <Badge color={EMAIL_VERDICT_COLORS[verdict as keyof typeof EMAIL_VERDICT_COLORS] ?? 'gray'}>{emailVerdictLabel(verdict)}</Badge>}
        {!verdict && !latest && (
          <Text size="sm" c="dimmed">
            Not checked
          </Text>
        )}
      </Group>
      {answer && (
        <Text size="sm">
          {[reasonText(str(s.reason)) && `Reason: ${reasonText(str(s.reason))}`, flags.length > 0 && flags.join(', '), str(s.didYouMean) && `Did you mean ${str(s.didYouMean)}?`]
            .filter(Boolean)
            .join(' · ')}
        </Text>
      )}
      {latest && <When row={latest} />}
      <Problem row={latest} />
    </Stack>
  );
}

// Lead detail: what the phone and email checks found, when, and a button to check again (bypassing the
// workspace cache: a paid lookup).
export function LeadEnrichmentPanel({ lead, canRecheck }: { lead: LeadDto; canRecheck: boolean }) {
  const query = useLeadEnrichments(lead.id);
  const enrich = useEnrichLead(lead.id);
  const rows = query.data ?? [];
  const phoneRows = rows.filter((r) => r.kind === 'phone');
  const emailRows = rows.filter((r) => r.kind === 'email');
  const checking = rows.some((r) => r.status === 'queued');
  return (
    <Stack gap="sm">
      {query.isPending && <Busy size="sm" label="Loading the checks" />}
      {query.error && (
        <Alert color="red" role="status">
          The checks could not be loaded: {query.error.message}
        </Alert>
      )}
      {lead.phone && <PhoneResult lead={lead} rows={phoneRows} />}
      {lead.email && <EmailResult lead={lead} rows={emailRows} />}
      {!lead.phone && !lead.email && (
        <Text size="sm" c="dimmed">
          Nothing to check: the lead has no email or phone.
        </Text>
      )}
      {canRecheck && (lead.phone || lead.email) && !lead.deletedAt && (
        <Group gap="xs">
          <Button size="xs" variant="default" leftSection={<IconRefresh size={14} aria-hidden />} loading={enrich.isPending || checking} onClick={() => enrich.mutate(true)}>
            Re-check
          </Button>
          <Text size="xs" c="dimmed">
            Looks the values up again with the connected providers (counts against today&apos;s budget).
          </Text>
        </Group>
      )}
      {enrich.data && enrich.data.queued.length === 0 && (
        <Text size="xs" c="orange.9" role="status">
          Nothing was queued: {enrich.data.skipped.map((s) => `${s.provider} (${reasonText(s.reason) ?? s.reason})`).join(', ') || 'no provider is enabled'}.
        </Text>
      )}
      {enrich.error && (
        <Alert color="red" role="status">
          {enrich.error.message}
        </Alert>
      )}
    </Stack>
  );
}
