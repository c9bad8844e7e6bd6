import { Module } from '@nestjs/common';
import { BackupsService } from './backups.service';

// Backups and restore drills (decision 0016). The scripts (npm run backup, restore, backup:verify) use the
// same functions without Nest; this module adds the schedule, the health checks and the metric timestamps.
@Module({
  providers: [BackupsService],
  exports: [BackupsService],
})
export class BackupsModule {}
