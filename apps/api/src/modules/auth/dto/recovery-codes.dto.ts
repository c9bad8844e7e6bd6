export class RecoveryCodesDto {
  /** Shown once; each works a single time instead of a TOTP code. */
  recoveryCodes: string[];
}
