import { Badge } from '@mantine/core';
import type { AuditLogEntry } from '../api/get-audit-logs';
import { OUTCOME_COLORS } from '../utils/format';

export function OutcomeBadge({ outcome }: { outcome: AuditLogEntry['outcome'] }) {
  return (
    <Badge color={OUTCOME_COLORS[outcome]} variant="dot">
      {outcome}
    </Badge>
  );
}
