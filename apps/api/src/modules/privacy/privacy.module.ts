import { Module } from '@nestjs/common';
import { PrivacyController } from './privacy.controller';
import { PrivacyExportService } from './privacy-export.service';
import { PrivacyRepository } from './privacy.repository';
import { PrivacyService } from './privacy.service';
import { RetentionJob } from './retention.job';
import { RetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';

// A person's data across the workspace: search, export, erasure, the suppression list (decision 0018),
// retention rules and their daily job (decision 0022).
@Module({
  controllers: [PrivacyController],
  providers: [PrivacyService, PrivacyRepository, PrivacyExportService, RetentionService, RetentionRepository, RetentionJob],
})
export class PrivacyModule {}
