import type { Connection } from '../api/connections';

// The providers the admin app knows. Typed locally rather than from the generated client so a provider the
// API of this build does not list yet (Zoom) still has its card and form; the API refuses what it does not know.
export const KNOWN_PROVIDERS = ['acuity', 'webhook', 'zoho', 'google_calendar', 'zoom', 'twilio'] as const;
export type ProviderName = Connection['provider'] | (typeof KNOWN_PROVIDERS)[number];

// Providers read on a schedule by the sync engine: their page has the schedule, the runs and Sync now.
export const PULL_PROVIDERS: readonly ProviderName[] = ['zoho', 'google_calendar', 'zoom'];
export const isPullProvider = (provider: string): boolean => (PULL_PROVIDERS as readonly string[]).includes(provider);

// One entry per provider card on the Integrations page; its connect dialog is picked by `connect`.
export interface ProviderInfo {
  provider: ProviderName;
  name: string;
  description: string;
  // Which dialog connects it: credentials checked against the provider, a generated signing secret, or
  // the credentials of a provider pulled on a schedule.
  connect: 'acuity' | 'signed-webhook' | 'pull' | 'twilio-sms';
  connectLabel: string;
}

export const PROVIDERS: readonly ProviderInfo[] = [
  {
    provider: 'acuity',
    name: 'Acuity Scheduling',
    description: 'Every booked, rescheduled or cancelled appointment becomes a lead, with its type, time and calendar.',
    connect: 'acuity',
    connectLabel: 'Connect Acuity',
  },
  {
    provider: 'zoho',
    name: 'Zoho CRM',
    description: 'Leads in Zoho CRM are read every few minutes and kept up to date here; qualified leads can be pushed back.',
    connect: 'pull',
    connectLabel: 'Connect Zoho CRM',
  },
  {
    provider: 'google_calendar',
    name: 'Google Calendar',
    description: 'Guests from outside your team invited to your calendar’s events become leads, with the event’s title and time.',
    connect: 'pull',
    connectLabel: 'Connect Google Calendar',
  },
  {
    provider: 'zoom',
    name: 'Zoom',
    description: 'People who register for your Zoom meetings become leads, with the meeting’s topic, time and their answers.',
    connect: 'pull',
    connectLabel: 'Connect Zoom',
  },
  {
    provider: 'twilio',
    name: 'Twilio (SMS)',
    description: 'Text messages to staff about hot leads and missed response targets, to the numbers they verify in their profile.',
    connect: 'twilio-sms',
    connectLabel: 'Connect Twilio (SMS)',
  },
  {
    provider: 'webhook',
    name: 'Generic signed webhook',
    description: 'For any other sender (Cal.com, Zapier, n8n, your own code): signed the Standard Webhooks way.',
    connect: 'signed-webhook',
    connectLabel: 'Create a webhook source',
  },
];

export const providerName = (provider: string): string => PROVIDERS.find((p) => p.provider === provider)?.name ?? provider;
