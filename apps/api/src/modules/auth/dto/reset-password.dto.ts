import { IsString, MaxLength } from 'class-validator';

export class ResetPasswordDto {
  /** The token from the emailed link. */
  @IsString()
  @MaxLength(200)
  token: string;

  @IsString()
  @MaxLength(1024)
  newPassword: string;
}
