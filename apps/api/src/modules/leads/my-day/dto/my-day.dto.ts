import { ApiProperty } from '@nestjs/swagger';
import { LeadDto } from '../../dto/lead.dto';
import { MY_DAY_REASONS, type MyDayReason } from '../my-day.repository';

export class MyDayItemDto {
  @ApiProperty({ type: LeadDto })
  lead: LeadDto;
  /** The time the reason refers to: the follow-up, the lead's arrival (unread) or its respond-by time. */
  dueAt: Date | null;
}

export class MyDaySectionDto {
  /** follow_up_overdue, follow_up_today, unread (assigned and not yet opened), response_due (first response due within the hour or already late). */
  @ApiProperty({ enum: MY_DAY_REASONS })
  reason: MyDayReason;
  @ApiProperty({ type: [MyDayItemDto] })
  items: MyDayItemDto[];
  /** More leads have this reason than are listed. */
  more: boolean;
}

export class MyDayDto {
  /** Always the four sections in this order; a lead appears only in the first that applies. */
  @ApiProperty({ type: [MyDaySectionDto] })
  sections: MyDaySectionDto[];
}
