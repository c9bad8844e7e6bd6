// The closed sets of the sync engine, shared by entities, DTOs and the migration's CHECKs.
export const SYNC_TRIGGERS = ['schedule', 'manual', 'webhook', 'full_resync'] as const;
export type SyncTrigger = (typeof SYNC_TRIGGERS)[number];

// running -> succeeded | failed; skipped: another run of the stream held it (never two at once).
export const SYNC_RUN_STATUSES = ['running', 'succeeded', 'failed', 'skipped'] as const;
export type SyncRunStatus = (typeof SYNC_RUN_STATUSES)[number];
