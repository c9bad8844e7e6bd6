import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RateLimitGuard } from '../../common/rate-limit/rate-limit.guard';
import { RateLimitModule } from '../../common/rate-limit/rate-limit.module';
import { TenantsModule } from '../tenants/tenants.module';
import { AccessTokenService } from './access-token.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { PrincipalResolver } from './principal-resolver.service';
import { SessionsService } from './sessions.service';

@Module({
  imports: [RateLimitModule, TenantsModule],
  controllers: [AuthController],
  providers: [
    AccessTokenService,
    PrincipalResolver,
    SessionsService,
    AuthService,
    // Order matters: the principal is known before the rate limiter picks its budget.
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
  exports: [AuthService, SessionsService],
})
export class AuthModule {}
