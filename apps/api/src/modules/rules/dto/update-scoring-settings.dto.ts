import { IsInt, Max, Min } from 'class-validator';

export class UpdateScoringSettingsDto {
  /** Points lost per whole day without contact (0 = no decay). */
  @IsInt()
  @Min(0)
  @Max(100)
  decayPerDay: number;
}
