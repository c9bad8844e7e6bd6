import type { Schemas } from '@hotleads/api-client';

export const CONNECTION_ID = '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b';
export const DELIVERY_ID = '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d';
export const LEAD_ID = '11111111-2222-4333-8444-555555555555';

// A ConnectionDto as the API sends it, for component tests.
export const connectionDto = (overrides: Partial<Schemas['ConnectionDto']> = {}): Schemas['ConnectionDto'] => ({
  id: CONNECTION_ID,
  provider: 'acuity',
  name: 'Acuity: sales calendar',
  config: {},
  credentials: { userId: '…3456', apiKey: '…a1b2' },
  status: 'active',
  lastError: null,
  lastErrorAt: null,
  webhookUrl: `https://leads.example.com/api/v1/webhooks/${CONNECTION_ID}`,
  rejectedUnrecorded: 0,
  createdBy: null,
  updatedBy: null,
  createdAt: '2026-12-01T09:00:00.000Z',
  updatedAt: '2026-12-01T09:00:00.000Z',
  ...overrides,
});

export const deliveryDto = (overrides: Partial<Schemas['DeliveryDto']> = {}): Schemas['DeliveryDto'] => ({
  id: DELIVERY_ID,
  connectionId: CONNECTION_ID,
  receivedAt: '2026-12-06T10:15:00.000Z',
  signature: 'valid',
  action: 'scheduled',
  state: 'processed',
  attempts: 1,
  lastError: null,
  leadId: LEAD_ID,
  processedAt: '2026-12-06T10:15:01.000Z',
  bodySize: 42,
  bodyPurgedAt: null,
  ...overrides,
});

export const deliveryDetailDto = (overrides: Partial<Schemas['DeliveryDetailDto']> = {}): Schemas['DeliveryDetailDto'] => ({
  ...deliveryDto(),
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-acuity-signature': 'c2lnbmF0dXJl' },
  body: 'action=scheduled&id=42&calendarID=27238&appointmentTypeID=1',
  bodyBase64: null,
  sourceIp: '203.0.113.9',
  dedupeKey: 'scheduled:42',
  result: { appointmentId: '42', created: 1 },
  ...overrides,
});

export const RUN_ID = 'a1a1a1a1-0000-4000-8000-00000000000a';

// A Zoho CRM pull connection as the API sends it.
export const zohoConnectionDto = (overrides: Partial<Schemas['ConnectionDto']> = {}): Schemas['ConnectionDto'] =>
  connectionDto({
    provider: 'zoho',
    name: 'Zoho CRM',
    credentials: { dataCentre: 'eu', clientId: '…c1d2', clientSecret: '…e3f4', refreshToken: '…a5b6' },
    sync: { intervalMinutes: 5, paused: false, nextSyncAt: '2026-12-06T10:20:00.000Z' },
    ...overrides,
  });

export const syncRunDto = (overrides: Partial<Schemas['SyncRunDto']> = {}): Schemas['SyncRunDto'] => ({
  id: RUN_ID,
  connectionId: CONNECTION_ID,
  stream: 'leads',
  trigger: 'manual',
  status: 'succeeded',
  startedAt: '2026-12-06T10:15:00.000Z',
  finishedAt: '2026-12-06T10:15:02.500Z',
  requests: 2,
  pages: 1,
  fetched: 12,
  created: 7,
  merged: 1,
  updated: 2,
  unchanged: 1,
  deleted: 0,
  failed: 1,
  checkpointFrom: '2026-12-06T08:00:00.000Z',
  checkpointTo: '2026-12-06T10:14:00.000Z',
  error: null,
  ...overrides,
});
