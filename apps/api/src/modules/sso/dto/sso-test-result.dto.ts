import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// What a test sign-in received. Pending until the provider sends the person back.
export class SsoTestResultDto {
  @ApiProperty({ enum: ['pending', 'succeeded', 'failed'] })
  status: 'pending' | 'succeeded' | 'failed';
  /** The ID token's claims, when the provider answered and the token checked out. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  claims?: Record<string, unknown>;
  /** A stable code for what went wrong (see the sign-in errors), when it failed. */
  error?: string;
  /** The same in plain words. */
  message?: string;
}
