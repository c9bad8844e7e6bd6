import type { ProviderName } from './providers';

// What each provider pulled on a schedule asks for when connecting: its credential fields (the names the
// API's provider checks), where to find them, and the scopes to grant.
export interface CredentialField {
  key: string;
  label: string;
  kind: 'text' | 'secret' | 'select';
  optional?: boolean;
  description?: string;
  options?: ReadonlyArray<{ value: string; label: string }>;
}

export interface PullProviderSpec {
  provider: ProviderName;
  title: string;
  defaultName: string;
  fields: readonly CredentialField[];
  steps: readonly string[];
  scopes: readonly string[];
  // Google Calendar also takes the calendar and the team's own email domains (plain settings, in `config`).
  calendarSettings?: boolean;
}

export const ZOHO_DATA_CENTRES = [
  { value: 'us', label: 'United States (zoho.com)' },
  { value: 'eu', label: 'Europe (zoho.eu)' },
  { value: 'in', label: 'India (zoho.in)' },
  { value: 'au', label: 'Australia (zoho.com.au)' },
  { value: 'cn', label: 'China (zoho.com.cn)' },
  { value: 'jp', label: 'Japan (zoho.jp)' },
  { value: 'ca', label: 'Canada (zohocloud.ca)' },
  { value: 'sa', label: 'Saudi Arabia (zoho.sa)' },
] as const;

export const PULL_PROVIDER_SPECS: Record<'zoho' | 'google_calendar' | 'zoom', PullProviderSpec> = {
  zoho: {
    provider: 'zoho',
    title: 'Connect Zoho CRM',
    defaultName: 'Zoho CRM',
    fields: [
      { key: 'dataCentre', label: 'Data centre', kind: 'select', options: ZOHO_DATA_CENTRES, description: 'Where your Zoho account lives: the domain you sign in at.' },
      { key: 'clientId', label: 'Client ID', kind: 'text' },
      { key: 'clientSecret', label: 'Client secret', kind: 'secret', description: 'Stored encrypted; never shown again.' },
      { key: 'refreshToken', label: 'Refresh token', kind: 'secret', description: 'Stored encrypted; never shown again.' },
    ],
    steps: [
      'Open the Zoho API Console of your data centre (api-console.zoho.com, .eu, .in…) and choose Add Client → Self Client.',
      'On the Client Secret tab, copy the Client ID and Client Secret.',
      'On the Generate Code tab, enter the scopes below, pick a duration (10 minutes is enough) and create the code.',
      'Exchange the code for a refresh token within that time: POST to https://accounts.zoho.<your domain>/oauth/v2/token with grant_type=authorization_code, the code, client_id and client_secret. The answer holds refresh_token.',
    ],
    scopes: ['ZohoCRM.modules.leads.ALL', 'ZohoCRM.settings.fields.READ'],
  },
  google_calendar: {
    provider: 'google_calendar',
    title: 'Connect Google Calendar',
    defaultName: 'Google Calendar',
    fields: [
      { key: 'clientId', label: 'OAuth client ID', kind: 'text', description: 'Ends in .apps.googleusercontent.com.' },
      { key: 'clientSecret', label: 'OAuth client secret', kind: 'secret', description: 'Stored encrypted; never shown again.' },
      { key: 'refreshToken', label: 'Refresh token', kind: 'secret', description: 'Stored encrypted; never shown again.' },
    ],
    steps: [
      'In the Google Cloud console, enable the Google Calendar API for your project.',
      'Under APIs & Services → Credentials, create an OAuth client ID (Web application or Desktop) and copy its ID and secret.',
      'Get a refresh token for the scope below with that client (for example in the OAuth 2.0 Playground, using your own credentials).',
      'Publish the OAuth consent screen: refresh tokens of apps left in “Testing” expire after 7 days.',
    ],
    scopes: ['https://www.googleapis.com/auth/calendar.readonly'],
    calendarSettings: true,
  },
  zoom: {
    provider: 'zoom',
    title: 'Connect Zoom',
    defaultName: 'Zoom',
    fields: [
      { key: 'accountId', label: 'Account ID', kind: 'text' },
      { key: 'clientId', label: 'Client ID', kind: 'text' },
      { key: 'clientSecret', label: 'Client secret', kind: 'secret', description: 'Stored encrypted; never shown again.' },
      {
        key: 'webhookSecretToken',
        label: 'Webhook secret token',
        kind: 'secret',
        optional: true,
        description: 'Optional: lets Zoom post new registrations at once instead of waiting for the next sync. From the app’s Feature page.',
      },
    ],
    steps: [
      'In the Zoom App Marketplace, choose Develop → Build App → Server-to-Server OAuth app.',
      'On App Credentials, copy the Account ID, Client ID and Client secret.',
      'On Scopes, add the scopes below, then activate the app.',
      'Optional: under Feature → Event Subscriptions add meeting.registration_created with this connection’s webhook URL (shown once it is saved) and copy the Secret Token.',
    ],
    scopes: ['meeting:read:list_meetings:admin', 'meeting:read:list_registrants:admin', 'webinar:read:list_registrants:admin (if your plan has webinars)'],
  },
};

export const pullSpec = (provider: string): PullProviderSpec | undefined => (PULL_PROVIDER_SPECS as Record<string, PullProviderSpec>)[provider];

// Client-side checks that match the API's (so most mistakes are caught before a round trip).
export function checkCredentialFields(spec: PullProviderSpec, values: Record<string, string>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of spec.fields) {
    const value = (values[field.key] ?? '').trim();
    if (!value) {
      if (!field.optional) errors[field.key] = field.kind === 'select' ? `Choose the ${field.label.toLowerCase()}` : `Paste the ${field.label.toLowerCase()}`;
    } else if (/\s/.test(value)) errors[field.key] = `The ${field.label.toLowerCase()} has no spaces`;
  }
  return errors;
}

// "acme.com, @acme.co.uk" -> ['acme.com', 'acme.co.uk']; null when one of them is not a domain.
export function parseDomains(input: string): string[] | null {
  const parts = input
    .split(/[\s,;]+/)
    .map((p) => p.trim().toLowerCase().replace(/^@/, ''))
    .filter(Boolean);
  if (parts.some((p) => !/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(p))) return null;
  return [...new Set(parts)];
}
