import { Module } from '@nestjs/common';
import { IdempotencyService } from './idempotency.service';
import { LeadIngestService } from './lead-ingest.service';
import { LeadIntakeService } from './lead-intake.service';
import { LeadsController } from './leads.controller';

// Lead intake: the ingest API here; forms and imports store their leads through LeadIntakeService.
@Module({
  controllers: [LeadsController],
  providers: [LeadIntakeService, LeadIngestService, IdempotencyService],
  exports: [LeadIntakeService, IdempotencyService],
})
export class LeadsModule {}
