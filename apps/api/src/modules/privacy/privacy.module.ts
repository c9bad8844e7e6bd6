import { Module } from '@nestjs/common';
import { PrivacyController } from './privacy.controller';
import { PrivacyExportService } from './privacy-export.service';
import { PrivacyRepository } from './privacy.repository';
import { PrivacyService } from './privacy.service';

// A person's data across the workspace: search, export, erasure, the suppression list (decision 0018).
@Module({
  controllers: [PrivacyController],
  providers: [PrivacyService, PrivacyRepository, PrivacyExportService],
})
export class PrivacyModule {}
