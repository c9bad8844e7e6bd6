import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RateLimitGuard } from '../../common/rate-limit/rate-limit.guard';
import { RateLimitModule } from '../../common/rate-limit/rate-limit.module';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { AccessTokenService } from './access-token.service';
import { AccountController } from './account.controller';
import { AccountService } from './account.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { MfaService } from './mfa.service';
import { PrincipalResolver } from './principal-resolver.service';
import { SessionsService } from './sessions.service';
import { SignupEnabledGuard } from './signup-enabled.guard';

@Module({
  imports: [RateLimitModule, WorkspacesModule],
  controllers: [AuthController, AccountController],
  providers: [
    AccessTokenService,
    PrincipalResolver,
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
