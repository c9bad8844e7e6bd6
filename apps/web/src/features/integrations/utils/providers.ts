import type { Connection } from '../api/connections';

export type ProviderName = Connection['provider'];

// One entry per provider card on the Integrations page. A new provider (Zoho, Zoom, Google Calendar) is one
// more entry here once the API knows it; its connect dialog is picked by `connect`.
export interface ProviderInfo {
  provider: ProviderName;
  name: string;
  description: string;
  // Which dialog connects it: credentials checked against the provider, or a generated signing secret.
  connect: 'acuity' | 'signed-webhook';
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
    provider: 'webhook',
    name: 'Generic signed webhook',
    description: 'For any other sender (Cal.com, Zapier, n8n, your own code): signed the Standard Webhooks way.',
    connect: 'signed-webhook',
    connectLabel: 'Create a webhook source',
  },
];

export const providerName = (provider: ProviderName): string => PROVIDERS.find((p) => p.provider === provider)?.name ?? provider;
