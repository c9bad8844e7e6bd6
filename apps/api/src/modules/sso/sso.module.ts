import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AuthModule } from '../auth/auth.module';
import { SsoAuthController } from './sso-auth.controller';
import { SsoSettingsController } from './sso-settings.controller';
import { SsoService } from './sso.service';

// Single sign-on with OpenID Connect (decision 0026).
@Module({
  imports: [AuthModule, AccessModule],
  controllers: [SsoAuthController, SsoSettingsController],
  providers: [SsoService],
})
export class SsoModule {}
