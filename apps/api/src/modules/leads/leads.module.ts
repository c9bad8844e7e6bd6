import { Module } from '@nestjs/common';
import { RulesModule } from '../rules/rules.module';
import { LeadRoutingController } from './triage/lead-routing.controller';
import { LeadExportController } from './export/lead-export.controller';
import { LeadExportService } from './export/lead-export.service';
import { IdempotencyRepository } from './idempotency.repository';
import { IdempotencyService } from './idempotency.service';
import { LeadIngestService } from './lead-ingest.service';
import { LeadIntakeRepository } from './lead-intake.repository';
import { LeadIntakeService } from './lead-intake.service';
import { LeadsController } from './leads.controller';
import { MyDayController } from './my-day/my-day.controller';
import { LeadMergeController } from './merge/lead-merge.controller';
import { LeadMergeRepository } from './merge/lead-merge.repository';
import { LeadMergeService } from './merge/lead-merge.service';
import { LeadDuplicatesController } from './duplicates/lead-duplicates.controller';
import { LeadDuplicatesRepository } from './duplicates/lead-duplicates.repository';
import { LeadDuplicatesService } from './duplicates/lead-duplicates.service';
import { MyDayRepository } from './my-day/my-day.repository';
import { MyDayService } from './my-day/my-day.service';
import { LeadRepository } from './lead.repository';
import { LeadTrashPurgeJob } from './trash/lead-trash-purge.job';
import { LeadTriageService } from './triage/lead-triage.service';
import { LeadsTriageController } from './triage/leads-triage.controller';
import { LeadStatsCompactionJob } from './stats/lead-stats-compaction.job';
import { LeadStatsController } from './stats/lead-stats.controller';
import { LeadStatsRepository } from './stats/lead-stats.repository';
import { LeadStatsService } from './stats/lead-stats.service';

// Lead intake: the ingest API here; forms and imports store their leads through LeadIntakeService.
@Module({
  imports: [RulesModule],
  controllers: [LeadsController, LeadsTriageController, LeadStatsController, LeadExportController, LeadRoutingController, MyDayController, LeadDuplicatesController, LeadMergeController],
  providers: [
    LeadRepository,
    LeadTriageService,
    LeadTrashPurgeJob,
    LeadExportService,
    LeadIntakeRepository,
    LeadIntakeService,
    LeadIngestService,
    IdempotencyRepository,
    IdempotencyService,
    LeadStatsService,
    LeadStatsRepository,
    LeadStatsCompactionJob,
    MyDayService,
    MyDayRepository,
    LeadDuplicatesService,
    LeadDuplicatesRepository,
    LeadMergeService,
    LeadMergeRepository,
  ],
  exports: [LeadIntakeService, IdempotencyService, LeadStatsRepository],
})
export class LeadsModule {}
