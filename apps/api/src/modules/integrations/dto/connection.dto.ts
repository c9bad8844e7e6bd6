import { ApiProperty } from '@nestjs/swagger';
import { CONNECTION_STATUSES, PROVIDERS, type ConnectionStatus, type ProviderName } from '../integration-values';

export class ConnectionSyncDto {
  /** Minutes between scheduled runs (at least 1). */
  intervalMinutes: number;
  /** Paused: the schedule skips the connection; a manual sync still runs. */
  paused: boolean;
  /** When the schedule runs it next; null: at the next tick. */
  nextSyncAt: Date | null;
}

// Never carries a credential: only which fields are set, with at most their last four characters.
export class ConnectionDto {
  id: string;
  @ApiProperty({ enum: PROVIDERS })
  provider: ProviderName;
  name: string;
  @ApiProperty({ type: 'object', additionalProperties: true })
  config: Record<string, unknown>;
  /** Each credential field that is set, with at most its last four characters (e.g. `{ "apiKey": "…a1b2" }`). */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  credentials: Record<string, string>;
  @ApiProperty({ enum: CONNECTION_STATUSES })
  status: ConnectionStatus;
  /** Why the connection needs attention, in plain words. */
  lastError: string | null;
  lastErrorAt: Date | null;
  /** The full address the provider posts webhooks to. */
  webhookUrl: string;
  /** Badly signed deliveries past the hourly number kept as rows: counted, not stored. */
  rejectedUnrecorded: number;
  /** Pull connections (Zoho CRM) only: the schedule. Absent on connections that only receive webhooks. */
  sync?: ConnectionSyncDto;
  createdBy: string | null;
  updatedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}
