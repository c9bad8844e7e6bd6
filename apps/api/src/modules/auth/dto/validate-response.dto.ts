export class ValidateResponseDto {
  valid: true;
  expiresAt: Date;
}
