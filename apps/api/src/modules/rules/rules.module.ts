import { Module } from '@nestjs/common';
import { AssignmentSettingsController } from './assignment-settings.controller';
import { AssignmentService } from './assignment.service';
import { RulesRepository } from './rules.repository';
import { ScoreDecayJob } from './score-decay.job';
import { ScoringSettingsController } from './scoring-settings.controller';
import { ScoringService } from './scoring.service';

// Scoring and assignment rules: one condition language (@hotleads/shared lead-conditions, compiled to SQL
// in condition-sql.ts), the settings API, and the services intake calls inside a lead's transaction.
@Module({
  controllers: [ScoringSettingsController, AssignmentSettingsController],
  providers: [RulesRepository, ScoringService, AssignmentService, ScoreDecayJob],
  exports: [ScoringService, AssignmentService],
})
export class RulesModule {}
