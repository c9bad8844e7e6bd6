import { Badge } from '@mantine/core';
import type { Connection } from '../api/connections';
import type { DeliveryState } from '../api/deliveries';
import { CONNECTION_STATUS, DELIVERY_STATE } from '../utils/labels';

export function ConnectionStatusBadge({ status }: { status: Connection['status'] }) {
  const { label, color } = CONNECTION_STATUS[status];
  return (
    <Badge variant="dot" color={color} tt="none">
      {label}
    </Badge>
  );
}

export function DeliveryStateBadge({ state }: { state: DeliveryState }) {
  const { label, color, hint } = DELIVERY_STATE[state];
  return (
    <Badge variant="dot" color={color} tt="none" title={hint}>
      {label}
    </Badge>
  );
}
