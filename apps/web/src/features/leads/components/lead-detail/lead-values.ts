import { STATUS_LABELS, PRIORITY_LABELS } from '@/utils/lead-labels';
import { formatDate, formatDateTime } from './lead-format';
import type { NameOf } from './use-people';

const isStatus = (value: unknown): value is keyof typeof STATUS_LABELS => typeof value === 'string' && value in STATUS_LABELS;
const isPriority = (value: unknown): value is keyof typeof PRIORITY_LABELS => typeof value === 'string' && value in PRIORITY_LABELS;

// A field's value as text, for the timeline and the conflict dialog.
export function fieldValueText(field: string, value: unknown, nameOf: NameOf): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.join(', ');
  switch (field) {
    case 'status':
      return isStatus(value) ? STATUS_LABELS[value] : String(value);
    case 'priority':
      return isPriority(value) ? PRIORITY_LABELS[value] : String(value);
    case 'assigneeId':
      return typeof value === 'string' ? nameOf(value) : String(value);
    case 'followUpAt':
      return typeof value === 'string' ? formatDate(value) : String(value);
    case 'firstContactedAt':
    case 'lastContactedAt':
    case 'deletedAt':
      return typeof value === 'string' ? formatDateTime(value) : String(value);
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}
