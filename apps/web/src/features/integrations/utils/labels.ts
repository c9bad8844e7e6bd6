import type { Connection } from '../api/connections';
import type { DeliveryState } from '../api/deliveries';

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
