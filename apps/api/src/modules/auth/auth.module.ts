import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { RateLimitGuard } from '../../common/rate-limit/rate-limit.guard';
import { RateLimitModule } from '../../common/rate-limit/rate-limit.module';
import { appConfig, type AppConfig } from '../../config/app.config';
import { RUNTIME, type Runtime } from '../../config/runtime';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { AccessModule } from '../access/access.module';
import { AccessTokenService, accessTokenJwtOptions } from './access-token.service';
import { AccessTokenStrategy } from './access-token.strategy';
import { AccountController } from './account.controller';
import { AccountService } from './account.service';
import { ApiKeyStrategy } from './api-key.strategy';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { MfaService } from './mfa.service';
import { PrincipalResolver } from './principal-resolver.service';
import { SessionsService } from './sessions.service';
import { SignupEnabledGuard } from './signup-enabled.guard';

@Module({
  imports: [
    RateLimitModule,
    WorkspacesModule,
    AccessModule,
    JwtModule.registerAsync({ inject: [RUNTIME, appConfig.KEY], useFactory: (runtime: Runtime, app: AppConfig) => accessTokenJwtOptions(runtime, app) }),
  ],
  controllers: [AuthController, AccountController],
  providers: [
    AccessTokenService,
    PrincipalResolver,
    ApiKeyStrategy,
    AccessTokenStrategy,
    SessionsService,
    AuthService,
    AccountService,
    MfaService,
    SignupEnabledGuard,
    // Rate limits first, so floods are refused before any look-up; API keys and rejected credentials are
    // charged by the AuthGuard once it has checked them (RateLimiter.credentialChecked).
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, SessionsService, PrincipalResolver],
})
export class AuthModule {}
