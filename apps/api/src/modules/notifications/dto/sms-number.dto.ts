import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

export class StartSmsVerificationDto {
  /** The mobile number, international form (`+44 7700 900123`); stored in E.164. */
  @IsString()
  @MaxLength(32)
  phone: string;
}

export class VerifySmsNumberDto {
  /** The 6-digit code the text message carried. */
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be the 6 digits of the text message' })
  code: string;
}

export class SmsNumberDto {
  /** Whether the workspace can send text messages (it has an active Twilio (SMS) connection). */
  smsAvailable: boolean;
  /** The number entered, E.164; null when none. */
  @ApiProperty({ type: String, nullable: true })
  phone: string | null;
  /** Text messages go to this number only once it is verified. */
  verified: boolean;
  /** A code was sent and can still be typed back until then. */
  @ApiProperty({ type: Date, nullable: true })
  codeExpiresAt: Date | null;
  /** Why the number stopped counting (Twilio refused it); cleared when a number is verified. */
  @ApiProperty({ type: String, nullable: true })
  invalidReason: string | null;
}
