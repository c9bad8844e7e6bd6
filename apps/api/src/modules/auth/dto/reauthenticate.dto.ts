import { IsString, MaxLength } from 'class-validator';

export class ReauthenticateDto {
  @IsString()
  @MaxLength(1024)
  password: string;
}
