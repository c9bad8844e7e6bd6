import type { Schemas } from '@hotleads/api-client';
import { Anchor, Code, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { paths } from '@/config/paths';
import { AcuityAppointment } from '@/features/integrations/components/acuity-appointment';
import { SyncOriginDetails } from '@/features/integrations/components/sync-origin';
import { providerName } from '@/features/integrations/utils/providers';
import { isSyncSource, syncMetadataKey } from '@/features/integrations/utils/sync-origin';
import { TYPE_LABELS } from '@/utils/lead-labels';
import { formatDateTime } from './lead-format';

type LeadDto = Schemas['LeadDto'];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

// Metadata keys shown under their own label; everything else is listed as it came.
const KNOWN_METADATA: Record<string, string> = {
  ip: 'IP address',
  userAgent: 'User agent',
  referer: 'Referer',
  origin: 'Origin',
  country: 'Country',
  rawPhone: 'Phone as submitted',
};

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" fw={600} c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div" style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </div>
  );
}

const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

// Where the lead came from and how: read-only facts of the submission.
export function LeadSubmission({ lead }: { lead: LeadDto }) {
  const { utm, fields, ...all } = lead.metadata;
  // An Acuity lead's appointment has its own section below.
  const { appointment, ...afterAcuity } = lead.source === 'acuity' ? all : { appointment: undefined, ...all };
  // A synced lead's provider facts (metadata.zoho, .googleCalendar, .zoom) have their own section too.
  const originKey = syncMetadataKey(lead.source);
  const rest = originKey ? Object.fromEntries(Object.entries(afterAcuity).filter(([key]) => key !== originKey)) : afterAcuity;
  const known = Object.keys(KNOWN_METADATA).filter((key) => rest[key] !== undefined && rest[key] !== null);
  const others = Object.entries(rest).filter(([key, value]) => !(key in KNOWN_METADATA) && value !== null && value !== undefined);

  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <Item label="Type">{TYPE_LABELS[lead.type] ?? lead.type}</Item>
        <Item label="Source">
          {isSyncSource(lead.source) ? providerName(lead.source) : lead.source}
          {lead.sourceRef && <Text span size="sm"> · ref {lead.sourceRef}</Text>}
        </Item>
        {lead.formId && (
          <Item label="Form">
            <Anchor component={Link} to={paths.form.getHref(lead.formId)} size="sm">
              Open the form
            </Anchor>
          </Item>
        )}
        <Item label="Received">{formatDateTime(lead.createdAt)}</Item>
        <Item label="Last changed">{formatDateTime(lead.updatedAt)}</Item>
        <Item label="First contacted">{lead.firstContactedAt ? formatDateTime(lead.firstContactedAt) : 'Not yet'}</Item>
        <Item label="Last contacted">{lead.lastContactedAt ? formatDateTime(lead.lastContactedAt) : 'Not yet'}</Item>
        {known.map((key) => (
          <Item key={key} label={KNOWN_METADATA[key]}>
            {text(rest[key])}
          </Item>
        ))}
      </SimpleGrid>
      {appointment !== undefined && <AcuityAppointment metadata={lead.metadata} />}
      {isSyncSource(lead.source) && <SyncOriginDetails source={lead.source} sourceRef={lead.sourceRef} metadata={lead.metadata} />}
      {isRecord(utm) && Object.keys(utm).length > 0 && (
        <Item label="UTM">
          {Object.entries(utm)
            .map(([key, value]) => `${key}: ${text(value)}`)
            .join(' · ')}
        </Item>
      )}
      {isRecord(fields) && Object.keys(fields).length > 0 && (
        <Item label="Other form fields">
          {Object.entries(fields).map(([key, value]) => (
            <div key={key}>
              {key}: {text(value)}
            </div>
          ))}
        </Item>
      )}
      {others.length > 0 && (
        <Item label="Other metadata">
          <Code block>{JSON.stringify(Object.fromEntries(others), null, 2)}</Code>
        </Item>
      )}
    </Stack>
  );
}
