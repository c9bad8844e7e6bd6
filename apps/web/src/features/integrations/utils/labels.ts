import type { Connection } from '../api/connections';
import type { DeliveryState } from '../api/deliveries';
import type { SyncRunStatus, SyncTrigger } from '../api/sync';

export const CONNECTION_STATUS: Record<Connection['status'], { label: string; color: string }> = {
  active: { label: 'Active', color: 'green' },
  needs_attention: { label: 'Needs attention', color: 'orange' },
  disabled: { label: 'Disabled', color: 'gray' },
};

export const DELIVERY_STATE: Record<DeliveryState, { label: string; color: string; hint: string }> = {
  received: { label: 'Received', color: 'blue', hint: 'Stored; its processing is queued.' },
  processed: { label: 'Processed', color: 'green', hint: 'Turned into a lead.' },
  failed: { label: 'Failed', color: 'orange', hint: 'Processing failed; it is retried with a growing delay.' },
  dead: { label: 'Gave up', color: 'red', hint: 'Every retry failed. Fix the cause, then replay it.' },
  rejected: { label: 'Rejected', color: 'red', hint: 'The signature did not match: nothing was processed.' },
  duplicate: { label: 'Duplicate', color: 'gray', hint: 'Seen before: recorded, not processed again.' },
};

export const DELIVERY_STATES = Object.keys(DELIVERY_STATE) as DeliveryState[];

// Replay runs the processing again; a rejected or duplicate delivery has nothing to run (the API refuses).
export const replayable = (state: DeliveryState) => state !== 'rejected' && state !== 'duplicate';

export const RUN_STATUS: Record<SyncRunStatus, { label: string; color: string; hint: string }> = {
  running: { label: 'Running', color: 'blue', hint: 'Reading pages now; the counts grow as each page is saved.' },
  succeeded: { label: 'Succeeded', color: 'green', hint: 'Read everything up to the checkpoint.' },
  failed: { label: 'Failed', color: 'red', hint: 'Stopped early; the next run goes on from the last saved checkpoint.' },
  skipped: { label: 'Skipped', color: 'gray', hint: 'Another run of the same stream was still going.' },
};

export const RUN_TRIGGER: Record<SyncTrigger, string> = {
  schedule: 'Schedule',
  manual: 'Sync now',
  webhook: 'Webhook',
  full_resync: 'Full resync',
};

const STREAMS: Record<string, string> = {
  leads: 'Leads',
  deleted_leads: 'Deleted leads',
  events: 'Events',
  registrants: 'Registrants',
  push: 'Push to Zoho',
};

// A stream as people read it; one this build does not know is shown by its name.
export const streamLabel = (stream: string): string => STREAMS[stream] ?? stream.replace(/_/g, ' ');
