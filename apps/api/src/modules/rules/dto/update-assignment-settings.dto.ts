import { IsString, MaxLength, MinLength } from 'class-validator';

export class UpdateAssignmentSettingsDto {
  /** IANA time zone, e.g. Europe/Berlin. */
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  timeZone: string;
}
