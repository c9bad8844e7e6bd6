import { Inject, Injectable } from '@nestjs/common';
import { RUNTIME, type Runtime } from '../../config/runtime';
import { securityConfig, type SecurityConfig } from '../../config/security.config';
import { CredentialsVault } from './credentials-vault';

// The vault with the process's keys: ENCRYPTION_KEY seals, ENCRYPTION_KEY_PREVIOUS (during a rotation) opens too.
@Injectable()
export class CredentialsVaultService extends CredentialsVault {
  constructor(@Inject(RUNTIME) runtime: Runtime, @Inject(securityConfig.KEY) security: SecurityConfig) {
    super(runtime.secrets.encryptionKey, security.ENCRYPTION_KEY_PREVIOUS ? [Buffer.from(security.ENCRYPTION_KEY_PREVIOUS, 'base64')] : []);
  }
}
