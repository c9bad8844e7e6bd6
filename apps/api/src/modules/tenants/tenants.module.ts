import { Module } from '@nestjs/common';
import { SettingsController } from './settings.controller';
import { SettingsService } from './settings.service';

// The workspace itself and its settings. Creating one is the workspaces module's job.
@Module({
  controllers: [SettingsController],
  providers: [SettingsService],
})
export class TenantsModule {}
