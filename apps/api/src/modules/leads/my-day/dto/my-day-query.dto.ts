import { IsOptional, IsString } from 'class-validator';
import { IsTimeZone } from '../../../../common/http/is-time-zone.validator';

export class MyDayQueryDto {
  /** The caller's IANA time zone (e.g. `Europe/Berlin`): "today" ends at its midnight; default UTC. */
  @IsOptional()
  @IsString()
  @IsTimeZone()
  tz?: string;
}
