import { z } from 'zod';
import { defineConfig, type ConfigOf } from './define-config';
import { envBool, envInt, envString } from './env-parsers';

// Provider base URLs come from here only, never from a request or a connection's config (no SSRF); they
// exist so tests and air-gapped installs can point at a local server.
const httpUrl = (example: string) => envString().refine((v) => /^https?:\/\//.test(v) && URL.canParse(v), `must be an http(s) URL such as ${example}`);

export const integrationsConfig = defineConfig(
  'integrations',
  z.object({
    ACUITY_BASE_URL: envString()
      .refine((v) => /^https?:\/\//.test(v) && URL.canParse(v), 'must be an http(s) URL such as https://acuityscheduling.com/api/v1')
      .default('https://acuityscheduling.com/api/v1'),
    // Zoho CRM hosts. Unset: the connection's data centre picks Zoho's own (accounts.zoho.eu, www.zohoapis.eu...).
    ZOHO_ACCOUNTS_URL: httpUrl('https://accounts.zoho.com').optional(),
    ZOHO_API_URL: httpUrl('https://www.zohoapis.com').optional(),
    // Google's OAuth token endpoint and Calendar API; change only for a local stand-in (tests) or a proxy.
    GOOGLE_OAUTH_URL: httpUrl('https://oauth2.googleapis.com').default('https://oauth2.googleapis.com'),
    GOOGLE_CALENDAR_API_URL: httpUrl('https://www.googleapis.com/calendar/v3').default('https://www.googleapis.com/calendar/v3'),
    // Zoom's OAuth host (Server-to-Server tokens at {ZOOM_OAUTH_URL}/oauth/token) and its REST API.
    ZOOM_OAUTH_URL: httpUrl('https://zoom.us').default('https://zoom.us'),
    ZOOM_API_URL: httpUrl('https://api.zoom.us/v2').default('https://api.zoom.us/v2'),
    // Enrichment providers (phone: Twilio Lookup v2; email: Kickbox); change only for a local stand-in or a
    // proxy (Kickbox EU-only accounts: https://api.eu.kickbox.com).
    TWILIO_LOOKUP_BASE_URL: httpUrl('https://lookups.twilio.com').default('https://lookups.twilio.com'),
    // Twilio's REST API (Messaging: text messages for notifications, and the account check of `Test`).
    TWILIO_API_BASE_URL: httpUrl('https://api.twilio.com').default('https://api.twilio.com'),
    KICKBOX_BASE_URL: httpUrl('https://api.kickbox.com').default('https://api.kickbox.com'),
    // Days a workspace reuses an answer for the same phone or email instead of paying for it again.
    ENRICHMENT_CACHE_DAYS: envInt(0, 3650).default(90),
    // Retries of a lookup the provider limited (429), failed (5xx) or left unanswered, and the delay before
    // the first (doubled each time); then the lookup is recorded as failed.
    ENRICHMENT_RETRY_LIMIT: envInt(0, 20).default(4),
    ENRICHMENT_RETRY_DELAY_SECONDS: envInt(1, 3600).default(15),
    // The sync engine: how far back an incremental read starts before its checkpoint (late edits, records
    // changed in the checkpoint's second), attempts per provider call (429, 5xx, network) and the first
    // backoff delay (doubled each time, with jitter; a Retry-After header wins, capped at 10 minutes).
    SYNC_LOOKBACK_SECONDS: envInt(0, 86_400).default(300),
    SYNC_MAX_ATTEMPTS: envInt(1, 20).default(5),
    SYNC_RETRY_BASE_MS: envInt(1, 60_000).default(1000),
    // Provider calls one run of one stream may make; the rest waits for the next run (one tenant cannot
    // spend a shared provider limit).
    SYNC_MAX_REQUESTS_PER_RUN: envInt(1, 100_000).default(1000),
    // How long one provider call may take before it counts as a (retryable) timeout.
    PROVIDER_TIMEOUT_MS: envInt(100, 120_000).default(10_000),
    // Webhook bodies are deleted after this many days; the delivery row stays.
    WEBHOOK_PAYLOAD_RETENTION_DAYS: envInt(1, 3650).default(30),
    // Processing retries after the first attempt, and the delay before the first one (doubled each time).
    WEBHOOK_RETRY_LIMIT: envInt(0, 50).default(8),
    WEBHOOK_RETRY_DELAY_SECONDS: envInt(1, 3600).default(30),
    // Rejected (badly signed) deliveries kept per connection per hour; past that they are only counted.
    WEBHOOK_REJECTED_PER_HOUR: envInt(0, 100_000).default(100),
    // Outbound webhooks: let endpoints (and other outgoing hooks) reach loopback, private and link-local
    // addresses (tests, on-premises receivers). Off, they are refused when saved and at every connect.
    WEBHOOKS_ALLOW_PRIVATE_NETWORKS: envBool().default(false),
    // How long a receiver may take to answer one delivery.
    OUTBOUND_WEBHOOK_TIMEOUT_MS: envInt(100, 60_000).default(15_000),
    // Deliveries taken per round and sent at once by each process that runs workers.
    OUTBOUND_WEBHOOK_BATCH_SIZE: envInt(1, 5_000).default(500),
    OUTBOUND_WEBHOOK_CONCURRENCY: envInt(1, 1_000).default(64),
    // How often an idle sender looks for due deliveries.
    OUTBOUND_WEBHOOK_POLL_MS: envInt(50, 60_000).default(1_000),
    // Tests only: divides every retry delay and Retry-After, so a schedule of hours runs in seconds.
    OUTBOUND_WEBHOOK_RETRY_SPEEDUP: envInt(1, 10_000_000).default(1),
  }),
);

export type IntegrationsConfig = ConfigOf<typeof integrationsConfig>;
