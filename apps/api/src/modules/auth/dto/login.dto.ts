import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @IsString()
  @MinLength(3)
  @MaxLength(320)
  email: string;

  // Not checked against the password policy here: the policy may have changed since it was set.
  @IsString()
  @MaxLength(1024)
  password: string;
}
