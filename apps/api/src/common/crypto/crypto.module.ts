import { Global, Module } from '@nestjs/common';
import { RUNTIME, type Runtime } from '../../config/runtime';
import { EncryptionService } from './encryption.service';
import { PasswordHasher } from './password-hasher.service';
import { SubjectHasher } from './subject-hasher.service';
import { TotpService } from './totp.service';

@Global()
@Module({
  providers: [
    { provide: EncryptionService, inject: [RUNTIME], useFactory: (runtime: Runtime) => new EncryptionService(runtime.secrets.encryptionKey) },
    { provide: PasswordHasher, useFactory: () => new PasswordHasher() },
    { provide: SubjectHasher, inject: [RUNTIME], useFactory: (runtime: Runtime) => new SubjectHasher(runtime.secrets.privacyHashKey) },
    TotpService,
  ],
  exports: [EncryptionService, PasswordHasher, SubjectHasher, TotpService],
})
export class CryptoModule {}
