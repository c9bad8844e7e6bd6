import { IsOptional, Matches } from 'class-validator';

export class LiveEventsQueryDto {
  /** For clients that cannot send the `Last-Event-ID` header (the header wins when both are given). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{22}$/, { message: 'lastEventId must be an event id from this stream' })
  lastEventId?: string;
}
