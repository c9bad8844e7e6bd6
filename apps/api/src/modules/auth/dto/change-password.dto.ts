import { IsString, MaxLength } from 'class-validator';

export class ChangePasswordDto {
  @IsString()
  @MaxLength(1024)
  currentPassword: string;

  /** Checked against the password policy (length, common passwords, guessability). */
  @IsString()
  @MaxLength(1024)
  newPassword: string;
}
