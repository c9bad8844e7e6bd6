import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { StatementScopeInterceptor } from './statement-scope.interceptor';
import { TenantDb } from './tenant-db.service';

@Global()
@Module({ providers: [TenantDb, { provide: APP_INTERCEPTOR, useClass: StatementScopeInterceptor }], exports: [TenantDb] })
export class DbModule {}
