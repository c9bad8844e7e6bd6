import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { LIVE_CLOSE_REASONS, LIVE_EVENT_NAMES, type LiveCloseReason, type LiveEventName } from '../live-event-types';

// The `data` of lead.created, lead.updated and lead.deleted.
export class LiveLeadChangeDto {
  /** The leads the statement touched, up to 100; empty when it touched more (then refetch what you show). */
  ids: string[];
  /** How many leads the statement touched (exact). */
  count: number;
}

// The `data` of stats.changed: sent after each batch of lead changes.
export class LiveStatsChangeDto {
  /** Lead changes in the batch. */
  count: number;
}

// The `data` of ready.
export class LiveReadyDto {
  /** True when the stream continues from the client's Last-Event-ID (missed events follow). */
  resumed: boolean;
}

// The `data` of close, the last event before the server ends the stream.
export class LiveCloseDto {
  @ApiProperty({ enum: LIVE_CLOSE_REASONS, enumName: 'LiveCloseReason' })
  reason: LiveCloseReason;
}

// One event of the stream as a client parses it. Documentation for typed clients: the stream itself is
// text/event-stream, never this JSON.
export class LiveEventDto {
  @ApiProperty({ enum: LIVE_EVENT_NAMES, enumName: 'LiveEventName' })
  event: LiveEventName;
  /** The `id:` field: lead changes, ready (unless resuming) and a resync carry one; remember the last one seen. */
  id?: string;
  /** The JSON of the `data:` field; resync's is `{}`. */
  @ApiProperty({
    oneOf: [
      { $ref: getSchemaPath(LiveLeadChangeDto) },
      { $ref: getSchemaPath(LiveStatsChangeDto) },
      { $ref: getSchemaPath(LiveReadyDto) },
      { $ref: getSchemaPath(LiveCloseDto) },
      { type: 'object', additionalProperties: false },
    ],
  })
  data: LiveLeadChangeDto | LiveStatsChangeDto | LiveReadyDto | LiveCloseDto | Record<string, never>;
}
