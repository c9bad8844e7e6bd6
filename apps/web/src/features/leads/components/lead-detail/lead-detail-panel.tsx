import type { Schemas } from '@hotleads/api-client';
import { ActionIcon, Alert, Badge, Box, Button, Divider, Group, Paper, SimpleGrid, Stack, Tabs, Title } from '@mantine/core';
import { IconAlertCircle, IconMoodEmpty, IconX } from '@tabler/icons-react';
import { useCallback, useId, useRef, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { paths } from '@/config/paths';
import { LeadEnrichmentPanel } from '@/features/enrichment/components/lead-enrichment-panel';
import { useLeadEvents } from '@/features/leads/api/get-lead-events';
import { useLead } from '@/features/leads/api/get-lead';
import { leadErrorMessage } from '@/features/leads/api/update-lead';
import { ApiError } from '@/lib/api-client';
import { usePermissions, useSignedIn } from '@/lib/authorization';
import { PRIORITY_LABELS, STATUS_LABELS } from '@/utils/lead-labels';
import { EditableField } from './editable-field';
import { leadAccess } from './lead-access';
import { LeadAssignee } from './lead-assignee';
import { LeadConflictDialog } from './lead-conflict-dialog';
import { LeadDeleteButton } from './lead-delete-button';
import { LeadDetailSkeleton } from './lead-detail-skeleton';
import { LeadActivityForm, LeadNoteForm } from './lead-note-form';
import { STATUS_COLORS, leadTitle } from './lead-labels';
import { LeadScore } from './lead-score';
import { LeadSla } from './lead-sla';
import { LeadStatusActions } from './lead-status-actions';
import { LeadContactBar } from './lead-contact-bar';
import { useFormatPhone } from '@/hooks/use-format-phone';
import { LeadSubmission, LeadWritten } from './lead-submission';
import { LeadTimeline } from './lead-timeline';
import { LeadTrashBanner } from './lead-trash-banner';
import { LeadTriageFields } from './lead-triage-fields';
import { useCloseOnEscape } from './use-close-on-escape';
import { useLeadEditor } from './use-lead-editor';
import { usePeople } from './use-people';

type LeadDto = Schemas['LeadDto'];

const PRIORITY_COLORS = { low: 'gray', medium: 'blue', high: 'orange', urgent: 'red' } as const;

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <Paper component="section" withBorder p="sm" aria-labelledby={id}>
      <Title order={3} size="h5" id={id} mb="xs">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

// The panel's frame: a region named after the lead, with its close button.
function PanelFrame({ heading, onClose, children, busy }: { heading: ReactNode; onClose: () => void; children: ReactNode; busy?: boolean }) {
  const headingId = useId();
  const ref = useRef<HTMLElement>(null);
  useCloseOnEscape(ref, onClose);
  return (
    <Box component="section" ref={ref} aria-labelledby={headingId} aria-busy={busy || undefined} data-testid="lead-detail">
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="sm">
        <Title order={2} size="h3" id={headingId} style={{ overflowWrap: 'anywhere' }}>
          {heading}
        </Title>
        <ActionIcon variant="subtle" color="gray" size="lg" aria-label="Close lead details" onClick={onClose}>
          <IconX size={20} aria-hidden />
        </ActionIcon>
      </Group>
      {children}
    </Box>
  );
}

// The lead at /leads/:leadId, beside the list. Escape or the close button go back to the list as it was filtered.
export function LeadDetailPanel({ leadId }: { leadId: string }) {
  const location = useLocation();
  const navigate = useNavigate();
  const close = useCallback(() => void navigate(paths.leads.getHref(location.search)), [navigate, location.search]);
  const query = useLead(leadId);

  if (query.data) {
    // While the next lead loads, the previous one stays, dimmed and read-only.
    const previous = query.isPlaceholderData && query.data.id !== leadId;
    return <LeadDetailView key={query.data.id} lead={query.data} previous={previous} onClose={close} />;
  }
  if (query.isError) {
    // A malformed id (400) names no lead either.
    const notFound = query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 400);
    return (
      <PanelFrame heading={notFound ? 'Lead not found' : 'Lead'} onClose={close}>
        <title>{`${notFound ? 'Lead not found' : 'Lead'} · Hot Leads`}</title>
        {notFound ? (
          <Alert color="gray" icon={<IconMoodEmpty size={18} aria-hidden />} title="No such lead">
            It may have been purged from the trash, or the link is wrong.
            <Group mt="sm">
              <Button size="xs" variant="default" onClick={close}>
                Back to the leads
              </Button>
            </Group>
          </Alert>
        ) : (
          <Alert color="red" icon={<IconAlertCircle size={18} aria-hidden />} title="The lead could not be loaded">
            {leadErrorMessage(query.error)}
            <Group mt="sm">
              <Button size="xs" variant="default" onClick={() => void query.refetch()}>
                Try again
              </Button>
            </Group>
          </Alert>
        )}
      </PanelFrame>
    );
  }
  return (
    <PanelFrame heading="Loading lead…" onClose={close} busy>
      <LeadDetailSkeleton />
    </PanelFrame>
  );
}

interface LeadDetailViewProps {
  lead: LeadDto;
  previous: boolean;
  onClose: () => void;
}

function LeadDetailView({ lead, previous, onClose }: LeadDetailViewProps) {
  const formatPhone = useFormatPhone();
  const { user } = useSignedIn();
  const permissions = usePermissions();
  const { nameOf, users } = usePeople();
  const editor = useLeadEditor(lead);
  const events = useLeadEvents(lead.id);
  const granted = leadAccess(lead, permissions, user.id);
  // The previous lead on screen while the next one loads takes no edits.
  const access = previous ? { ...granted, edit: false, note: false, claim: false, release: false, pickAssignee: false, assignSelf: false, delete: false, restore: false } : granted;
  const title = leadTitle(lead);
  const resubmissions = events.data?.pages.flatMap((page) => page.data).filter((event) => event.type === 'resubmitted').length ?? 0;
  const more = events.hasNextPage ? '+' : '';
  const save = editor.save;

  return (
    <PanelFrame heading={title} onClose={onClose} busy={previous}>
      <title>{`${title} · Leads · Hot Leads`}</title>
      <Stack gap="md" style={{ opacity: previous ? 0.6 : 1, transition: 'opacity 150ms' }}>
        <Group gap="xs">
          <Badge color={STATUS_COLORS[lead.status]} variant="filled" tt="none" data-testid="lead-status">
            {STATUS_LABELS[lead.status]}
          </Badge>
          <Badge color={PRIORITY_COLORS[lead.priority]} variant="dot" tt="none">
            {PRIORITY_LABELS[lead.priority]} priority
          </Badge>
          <LeadSla lead={lead} />
          {resubmissions > 0 && (
            <Badge variant="filled" tt="none" data-testid="lead-resubmissions">
              {resubmissions}
              {more} {resubmissions === 1 && !more ? 'resubmission' : 'resubmissions'}
            </Badge>
          )}
        </Group>

        <LeadTrashBanner lead={lead} canRestore={access.restore} />
        {access.edit ? null : granted.readOnlyReason && !lead.deletedAt && (
          <Alert color="gray" variant="light" py="xs">
            {granted.readOnlyReason}
          </Alert>
        )}

        <Section title="Who">
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <EditableField label="Name" value={lead.name} readOnly={!access.edit} maxLength={200} onSave={(name) => save({ name })} />
            <EditableField label="Company" value={lead.company} readOnly={!access.edit} maxLength={200} onSave={(company) => save({ company })} />
            <EditableField label="Role" value={lead.role} readOnly={!access.edit} maxLength={200} onSave={(role) => save({ role })} />
            <EditableField
              label="Phone"
              type="tel"
              value={lead.phone}
              readOnly={!access.edit}
              maxLength={40}
              onSave={(phone) => save({ phone })}
              display={lead.phone && <a href={`tel:${lead.phone}`}>{formatPhone(lead.phone)}</a>}
            />
            <EditableField
              label="Email"
              type="email"
              value={lead.email}
              readOnly={!access.edit}
              maxLength={320}
              onSave={(email) => save({ email })}
              display={lead.email && <a href={`mailto:${lead.email}`}>{lead.email}</a>}
            />
          </SimpleGrid>
        </Section>

        <Section title="What they wrote">
          <Stack gap="sm">
            <EditableField label="Subject" value={lead.subject} readOnly={!access.edit} maxLength={500} onSave={(subject) => save({ subject })} />
            <LeadWritten lead={lead} />
          </Stack>
        </Section>

        <Section title="Triage">
          <Stack gap="sm">
            {(access.edit || access.delete) && (
              <Group justify="space-between" gap="xs">
                {access.edit ? <LeadStatusActions status={lead.status} onChange={(status) => save({ status })} /> : <span />}
                {access.delete && <LeadDeleteButton leadId={lead.id} leadName={title} />}
              </Group>
            )}
            <LeadAssignee lead={lead} access={access} nameOf={nameOf} users={users} onAssign={(assigneeId) => save({ assigneeId })} />
            <Divider />
            <LeadTriageFields lead={lead} editable={access.edit} onSave={save} />
            <Divider />
            <LeadScore lead={lead} events={events.data?.pages.flatMap((page) => page.data) ?? []} />
          </Stack>
        </Section>

        <Section title="Activity">
          <Stack gap="md">
            {(access.note || access.edit) && (
              <Tabs defaultValue="note" keepMounted={false}>
                <Tabs.List>
                  <Tabs.Tab value="note">Add a note</Tabs.Tab>
                  {access.edit && <Tabs.Tab value="activity">Log contact</Tabs.Tab>}
                </Tabs.List>
                <Tabs.Panel value="note" pt="xs">
                  <LeadNoteForm leadId={lead.id} />
                </Tabs.Panel>
                {access.edit && (
                  <Tabs.Panel value="activity" pt="xs">
                    <LeadActivityForm leadId={lead.id} />
                  </Tabs.Panel>
                )}
              </Tabs>
            )}
            <LeadTimeline leadId={lead.id} nameOf={nameOf} />
          </Stack>
        </Section>

        <Section title="Working notes">
          <EditableField label="Notes" value={lead.notes} readOnly={!access.edit} multiline maxLength={10_000} onSave={(notes) => save({ notes })} />
        </Section>

        <Section title="Enrichment">
          <LeadEnrichmentPanel lead={lead} canRecheck={access.edit} />
        </Section>

        <Section title="Where it came from">
          <LeadSubmission lead={lead} />
        </Section>
        <LeadContactBar lead={lead} />
      </Stack>
      <LeadConflictDialog conflict={editor.conflict} nameOf={nameOf} reapplying={editor.reapplying} onReapply={editor.reapply} onDiscard={editor.discard} />
    </PanelFrame>
  );
}
