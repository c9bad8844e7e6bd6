import { IsEmail, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { Trim } from '../trim.decorator';

export class InviteUserDto {
  @Trim()
  @IsEmail()
  @MaxLength(320)
  email: string;

  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  name?: string;

  /** A role of this workspace. */
  @IsUUID()
  roleId: string;
}
