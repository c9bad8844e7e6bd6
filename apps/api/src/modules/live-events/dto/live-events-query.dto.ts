import { IsOptional, Matches } from 'class-validator';

export class LiveEventsQueryDto {
  /** For clients that cannot send the `Last-Event-ID` header (the header wins when both are given). */
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'lastEventId must be an event id (digits)' })
  lastEventId?: string;
}
