// Names of the record kinds the API reports (one per personal-data source).
export const KIND_LABELS: Record<string, string> = {
  leads: 'Leads (with the trash)',
  leadSearch: 'Search entries',
  leadEvents: 'Timeline entries',
  outboundEmails: 'Emails sent',
  webhookDeliveries: 'Webhook deliveries',
  idempotencyRecords: 'Stored API replies',
  formSpamHits: 'Spam submissions',
  importRows: 'Import rows waiting',
  importErrors: 'Import error reports',
  syncFailures: 'Sync errors',
  auditEntries: 'Audit entries',
  privacyExports: 'Exports of this person',
};
