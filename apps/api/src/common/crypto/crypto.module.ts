import { Global, Module } from '@nestjs/common';
import { RUNTIME, type Runtime } from '../../config/runtime';
import { EncryptionService } from './encryption.service';
import { PasswordHasher } from './password-hasher.service';
import { TotpService } from './totp.service';

@Global()
@Module({
  providers: [
    { provide: EncryptionService, inject: [RUNTIME], useFactory: (runtime: Runtime) => new EncryptionService(runtime.secrets.encryptionKey) },
    { provide: PasswordHasher, useFactory: () => new PasswordHasher() },
    TotpService,
  ],
  exports: [EncryptionService, PasswordHasher, TotpService],
})
export class CryptoModule {}
