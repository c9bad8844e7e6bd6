import { Module } from '@nestjs/common';
import { FirstOwnerService } from './first-owner.service';
import { SettingsController } from './settings.controller';
import { SettingsService } from './settings.service';
import { TenantsService } from './tenants.service';

@Module({
  controllers: [SettingsController],
  providers: [TenantsService, FirstOwnerService, SettingsService],
  exports: [TenantsService],
})
export class TenantsModule {}
