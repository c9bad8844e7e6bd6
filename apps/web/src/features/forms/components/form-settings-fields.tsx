import { LEAD_PRIORITIES, LEAD_TYPES, type LeadPriority, type LeadType } from '@hotleads/shared';
import { NativeSelect, SimpleGrid, Stack, Switch, TagsInput, TextInput } from '@mantine/core';
import { PRIORITY_LABELS, TYPE_LABELS } from '@/utils/lead-labels';
import type { Form } from '../api/get-forms';
import type { UpdateFormInput } from '../api/update-form';

// The editable part of a form, as the inputs hold it.
export interface FormSettings {
  name: string;
  type: LeadType;
  allowedOrigins: string[];
  redirectUrls: string[];
  defaultPriority: LeadPriority;
  defaultTags: string[];
  acknowledgmentEmail: boolean;
  // Both null while the form asks for no consent.
  consentLabel: string | null;
  consentPolicyVersion: string | null;
}

export type FormSettingsField = keyof FormSettings;

export const NEW_FORM_SETTINGS: FormSettings = {
  name: '',
  type: 'contact',
  allowedOrigins: [],
  redirectUrls: [],
  defaultPriority: 'medium',
  defaultTags: [],
  acknowledgmentEmail: false,
  consentLabel: null,
  consentPolicyVersion: null,
};

const DEFAULT_CONSENT_LABEL = 'I agree that my details are stored to answer my request, as the privacy policy describes.';

export const settingsOf = (form: Form): FormSettings => ({
  name: form.name,
  type: form.type,
  allowedOrigins: form.allowedOrigins,
  redirectUrls: form.redirectUrls,
  defaultPriority: form.defaultPriority,
  defaultTags: form.defaultTags,
  acknowledgmentEmail: form.acknowledgmentEmail,
  consentLabel: form.consentLabel,
  consentPolicyVersion: form.consentPolicyVersion,
});

// A new form's fields, leaving out those not set (no consent asked: nothing to send).
export const newFormBody = (values: FormSettings): UpdateFormInput & Pick<FormSettings, 'name' | 'type'> =>
  Object.fromEntries(Object.entries(values).filter(([, value]) => value !== null)) as UpdateFormInput & Pick<FormSettings, 'name' | 'type'>;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

// Only what the user changed goes into the PATCH.
export function changedSettings(before: FormSettings, after: FormSettings): UpdateFormInput {
  const change: Record<string, unknown> = {};
  for (const field of Object.keys(after) as FormSettingsField[]) {
    if (!same(before[field], after[field])) change[field] = after[field];
  }
  return change as UpdateFormInput;
}

const TYPE_OPTIONS = LEAD_TYPES.map((value) => ({ value, label: TYPE_LABELS[value] }));
const PRIORITY_OPTIONS = LEAD_PRIORITIES.map((value) => ({ value, label: PRIORITY_LABELS[value] }));

// Typing a space or comma ends a value as well as Enter: origins, URLs and tags never contain either here.
const SPLIT_CHARS = [',', ' '];

interface FormSettingsFieldsProps {
  values: FormSettings;
  onChange: (values: FormSettings) => void;
  errors: Partial<Record<string, string>>;
  disabled?: boolean;
  // Which fields to show (the create dialog asks for the essentials only); all by default.
  fields?: readonly FormSettingsField[];
}

export function FormSettingsFields({ values, onChange, errors, disabled, fields }: FormSettingsFieldsProps) {
  const shown = (field: FormSettingsField) => !fields || fields.includes(field);
  const set = <K extends FormSettingsField>(field: K, value: FormSettings[K]) => onChange({ ...values, [field]: value });
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        {shown('name') && (
          <TextInput
            label="Name"
            description="Shown to your team only."
            required
            maxLength={100}
            value={values.name}
            onChange={(event) => set('name', event.currentTarget.value)}
            error={errors.name}
            disabled={disabled}
            data-autofocus
          />
        )}
        {shown('type') && (
          <NativeSelect
            label="Lead type"
            description="The kind of lead this form brings in."
            data={TYPE_OPTIONS}
            value={values.type}
            onChange={(event) => set('type', event.currentTarget.value as LeadType)}
            error={errors.type}
            disabled={disabled}
          />
        )}
      </SimpleGrid>
      {shown('allowedOrigins') && (
        <TagsInput
          label="Allowed origins"
          description="Websites whose pages may send this form with fetch(), e.g. https://www.example.com (no path). Press Enter after each."
          placeholder="https://www.example.com"
          value={values.allowedOrigins}
          onChange={(value) => set('allowedOrigins', value)}
          splitChars={SPLIT_CHARS}
          maxTags={20}
          clearable
          error={errors.allowedOrigins}
          disabled={disabled}
        />
      )}
      {shown('redirectUrls') && (
        <TagsInput
          label="Redirect URLs"
          description="Thank-you pages a plain HTML form may send visitors to after submitting (the _redirect field)."
          placeholder="https://www.example.com/thank-you"
          value={values.redirectUrls}
          onChange={(value) => set('redirectUrls', value)}
          splitChars={SPLIT_CHARS}
          maxTags={20}
          clearable
          error={errors.redirectUrls}
          disabled={disabled}
        />
      )}
      {(shown('defaultPriority') || shown('defaultTags')) && (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          {shown('defaultPriority') && (
            <NativeSelect
              label="Default priority"
              description="Every lead from this form starts with it."
              data={PRIORITY_OPTIONS}
              value={values.defaultPriority}
              onChange={(event) => set('defaultPriority', event.currentTarget.value as LeadPriority)}
              error={errors.defaultPriority}
              disabled={disabled}
            />
          )}
          {shown('defaultTags') && (
            <TagsInput
              label="Default tags"
              description="Added to every lead from this form."
              placeholder="website"
              value={values.defaultTags}
              onChange={(value) => set('defaultTags', value)}
              splitChars={[',']}
              maxTags={20}
              error={errors.defaultTags}
              disabled={disabled}
            />
          )}
        </SimpleGrid>
      )}
      {shown('acknowledgmentEmail') && (
        <Switch
          label="Send an acknowledgment email"
          description="Tells people who leave an email address that their message arrived."
          checked={values.acknowledgmentEmail}
          onChange={(event) => set('acknowledgmentEmail', event.currentTarget.checked)}
          error={errors.acknowledgmentEmail}
          disabled={disabled}
        />
      )}
      {shown('consentLabel') && (
        <Switch
          label="Require consent"
          description="Submissions must tick a checkbox; each lead keeps its text, the policy version, the time and the IP."
          checked={values.consentLabel !== null}
          onChange={(event) =>
            onChange({
              ...values,
              consentLabel: event.currentTarget.checked ? DEFAULT_CONSENT_LABEL : null,
              consentPolicyVersion: event.currentTarget.checked ? '' : null,
            })
          }
          disabled={disabled}
        />
      )}
      {shown('consentLabel') && values.consentLabel !== null && (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput
            label="Consent checkbox label"
            description="What the visitor agrees to, next to the checkbox."
            required
            maxLength={500}
            value={values.consentLabel}
            onChange={(event) => set('consentLabel', event.currentTarget.value)}
            error={errors.consentLabel}
            disabled={disabled}
          />
          <TextInput
            label="Privacy policy version"
            description="Kept with each consent, e.g. 2026-03."
            required
            maxLength={50}
            value={values.consentPolicyVersion ?? ''}
            onChange={(event) => set('consentPolicyVersion', event.currentTarget.value)}
            error={errors.consentPolicyVersion}
            disabled={disabled}
          />
        </SimpleGrid>
      )}
    </Stack>
  );
}
