import { Global, Module } from '@nestjs/common';
import { AuditLogRepository } from './audit-log.repository';
import { AuditLogsController } from './audit-logs.controller';
import { AuditQueryService } from './audit-query.service';
import { AuditService } from './audit.service';

// Global so every module can record; only AuditService is exported, the read side stays here.
@Global()
@Module({ controllers: [AuditLogsController], providers: [AuditService, AuditQueryService, AuditLogRepository], exports: [AuditService] })
export class AuditModule {}
