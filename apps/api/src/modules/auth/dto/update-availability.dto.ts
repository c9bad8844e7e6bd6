import { IsBoolean } from 'class-validator';

export class UpdateAvailabilityDto {
  /** true: away (no leads from assignment rules); false: back. */
  @IsBoolean()
  away: boolean;
}
