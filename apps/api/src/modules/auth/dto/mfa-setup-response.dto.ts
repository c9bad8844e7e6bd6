export class MfaSetupResponseDto {
  /** Base32 secret, for typing into an authenticator app by hand. */
  secret: string;
  otpauthUri: string;
  /** The otpauth URI as a PNG data URL. */
  qrCode: string;
}
