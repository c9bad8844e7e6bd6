import { IsString, MaxLength } from 'class-validator';

export class UnsubscribeQueryDto {
  /** The signed token from the email's link. */
  @IsString()
  @MaxLength(400)
  token: string;
}

export class UnsubscribedDto {
  /** The kind of notification that no longer comes by email. */
  kind: string;
}
