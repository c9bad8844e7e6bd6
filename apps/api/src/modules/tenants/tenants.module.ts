import { Module } from '@nestjs/common';
import { FirstOwnerService } from './first-owner.service';
import { TenantsService } from './tenants.service';

@Module({
  providers: [TenantsService, FirstOwnerService],
  exports: [TenantsService],
})
export class TenantsModule {}
