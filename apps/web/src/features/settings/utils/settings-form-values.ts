import { LEAD_PRIORITIES, type LeadPriority } from '@hotleads/shared';
import type { Settings } from '../api/get-settings';
import type { SettingsChange } from '../api/update-settings';

// The API's limits (UpdateSettingsDto / SlaMinutesDto), checked here first so mistakes show at once.
export const NAME_MAX_LENGTH = 100;
export const SLA_MAX_MINUTES = 60 * 24 * 30;
export const TRASH_MAX_DAYS = 3650;

// Number inputs hold '' while empty.
type NumberField = number | string;

export interface SettingsFormValues {
  name: string;
  requireMfa: boolean;
  slaMinutes: Record<LeadPriority, NumberField>;
  trashRetentionDays: NumberField;
  // '' for none.
  phoneCountry: string;
}

// Keys as the API names them in a validation answer (`slaMinutes.urgent`), so its errors land on the same inputs.
export type SettingsFieldErrors = Partial<Record<string, string>>;

export const toFormValues = (settings: Settings): SettingsFormValues => ({
  name: settings.name,
  requireMfa: settings.requireMfa,
  slaMinutes: { ...settings.slaMinutes },
  trashRetentionDays: settings.trashRetentionDays,
  phoneCountry: settings.phoneCountry ?? '',
});

function wholeNumberError(value: NumberField, max: number, unit: string): string | undefined {
  if (value === '') return 'Enter a number';
  const number = Number(value);
  if (!Number.isInteger(number)) return 'Enter a whole number';
  if (number < 1) return `At least 1 ${unit}`;
  if (number > max) return `At most ${max.toLocaleString('en')} ${unit}`;
  return undefined;
}

export function validateSettings(values: SettingsFormValues): SettingsFieldErrors {
  const errors: SettingsFieldErrors = {};
  const name = values.name.trim();
  if (!name) errors.name = 'Enter the workspace name';
  else if (name.length > NAME_MAX_LENGTH) errors.name = `At most ${NAME_MAX_LENGTH} characters`;
  for (const priority of LEAD_PRIORITIES) {
    const error = wholeNumberError(values.slaMinutes[priority], SLA_MAX_MINUTES, 'minutes');
    if (error) errors[`slaMinutes.${priority}`] = error;
  }
  const trashError = wholeNumberError(values.trashRetentionDays, TRASH_MAX_DAYS, 'days');
  if (trashError) errors.trashRetentionDays = trashError;
  return errors;
}

// Only what differs from the saved settings is sent, so the audit log shows what was meant to change.
export function changedSettings(saved: Settings, values: SettingsFormValues): SettingsChange {
  const change: SettingsChange = {};
  const name = values.name.trim();
  if (name !== saved.name) change.name = name;
  if (values.requireMfa !== saved.requireMfa) change.requireMfa = values.requireMfa;
  const sla = LEAD_PRIORITIES.filter((p) => Number(values.slaMinutes[p]) !== saved.slaMinutes[p]);
  if (sla.length) change.slaMinutes = Object.fromEntries(sla.map((p) => [p, Number(values.slaMinutes[p])]));
  if (Number(values.trashRetentionDays) !== saved.trashRetentionDays) change.trashRetentionDays = Number(values.trashRetentionDays);
  if ((values.phoneCountry || null) !== (saved.phoneCountry ?? null)) change.phoneCountry = values.phoneCountry || null;
  return change;
}
