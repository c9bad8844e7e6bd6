import type { Schemas } from '@hotleads/api-client';
import { Anchor, Button, Code, SimpleGrid, Stack, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { paths } from '@/config/paths';
import { AcuityAppointment } from '@/features/integrations/components/acuity-appointment';
import { SyncOriginDetails } from '@/features/integrations/components/sync-origin';
import { providerName } from '@/features/integrations/utils/providers';
import { isSyncSource, syncMetadataKey } from '@/features/integrations/utils/sync-origin';
import { sourceLabel, TYPE_LABELS } from '@/utils/lead-labels';
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

// The campaign fields people look for, under their own labels.
const UTM_LABELS: Record<string, string> = {
  source: 'Campaign source',
  utm_source: 'Campaign source',
  medium: 'Campaign medium',
  utm_medium: 'Campaign medium',
  campaign: 'Campaign',
  utm_campaign: 'Campaign',
  term: 'Campaign term',
  utm_term: 'Campaign term',
  content: 'Campaign content',
  utm_content: 'Campaign content',
};

// What the lead wrote: their message, the form's other answers, and an Acuity booking.
export function LeadWritten({ lead }: { lead: LeadDto }) {
  const { fields, appointment } = lead.metadata;
  return (
    <Stack gap="sm">
      <Item label="Message">
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {lead.message ?? 'No message.'}
        </Text>
      </Item>
      {isRecord(fields) && Object.keys(fields).length > 0 && (
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          {Object.entries(fields).map(([key, value]) => (
            <Item key={key} label={key}>
              {text(value)}
            </Item>
          ))}
        </SimpleGrid>
      )}
      {lead.source === 'acuity' && appointment !== undefined && <AcuityAppointment metadata={lead.metadata} />}
    </Stack>
  );
}

// Where the lead came from and how: read-only facts of the submission, the campaign as labelled fields, and
// the raw technical details (address, browser, anything else the source sent) behind a toggle.
export function LeadSubmission({ lead }: { lead: LeadDto }) {
  const [technical, setTechnical] = useState(false);
  const { utm, fields: _fields, ...all } = lead.metadata;
  // An Acuity lead's appointment is shown with what they wrote.
  const { appointment: _appointment, ...afterAcuity } = lead.source === 'acuity' ? all : { appointment: undefined, ...all };
  // A synced lead's provider facts (metadata.zoho, .googleCalendar, .zoom) have their own section too.
  const originKey = syncMetadataKey(lead.source);
  const rest = originKey ? Object.fromEntries(Object.entries(afterAcuity).filter(([key]) => key !== originKey)) : afterAcuity;
  const known = Object.keys(KNOWN_METADATA).filter((key) => rest[key] !== undefined && rest[key] !== null);
  const others = Object.entries(rest).filter(([key, value]) => !(key in KNOWN_METADATA) && value !== null && value !== undefined);
  const campaign = isRecord(utm) ? Object.entries(utm).filter(([, value]) => value !== null && value !== undefined && value !== '') : [];
  const hasTechnical = known.length > 0 || others.length > 0;

  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <Item label="Type">{TYPE_LABELS[lead.type] ?? lead.type}</Item>
        <Item label="Source">
          {isSyncSource(lead.source) ? providerName(lead.source) : sourceLabel(lead.source)}
          {lead.sourceRef && <Text span size="sm"> · ref {lead.sourceRef}</Text>}
        </Item>
        {lead.formId && (
          <Item label="Form">
            <Anchor component={Link} to={paths.form.getHref(lead.formId)} size="sm">
              Open the form
            </Anchor>
          </Item>
        )}
        {campaign.map(([key, value]) => (
          <Item key={key} label={UTM_LABELS[key] ?? `Campaign ${key.replace(/^utm_/, '')}`}>
            {text(value)}
          </Item>
        ))}
        <Item label="Received">{formatDateTime(lead.createdAt)}</Item>
        <Item label="Last changed">{formatDateTime(lead.updatedAt)}</Item>
        <Item label="First contacted">{lead.firstContactedAt ? formatDateTime(lead.firstContactedAt) : 'Not yet'}</Item>
        <Item label="Last contacted">{lead.lastContactedAt ? formatDateTime(lead.lastContactedAt) : 'Not yet'}</Item>
      </SimpleGrid>
      {isSyncSource(lead.source) && <SyncOriginDetails source={lead.source} sourceRef={lead.sourceRef} metadata={lead.metadata} />}
      {hasTechnical && (
        <div>
          <Button variant="subtle" size="compact-sm" px={0} onClick={() => setTechnical((open) => !open)} aria-expanded={technical} aria-controls={`technical-${lead.id}`}>
            {technical ? 'Hide technical details' : 'Show technical details'}
          </Button>
          {technical && (
            <Stack gap="sm" mt="xs" id={`technical-${lead.id}`}>
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
                {known.map((key) => (
                  <Item key={key} label={KNOWN_METADATA[key]}>
                    {text(rest[key])}
                  </Item>
                ))}
              </SimpleGrid>
              {others.length > 0 && (
                <Item label="Other metadata">
                  <Code block>{JSON.stringify(Object.fromEntries(others), null, 2)}</Code>
                </Item>
              )}
            </Stack>
          )}
        </div>
      )}
    </Stack>
  );
}
