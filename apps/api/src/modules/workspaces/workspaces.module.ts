import { Module } from '@nestjs/common';
import { FirstOwnerService } from './first-owner.service';
import { WorkspacesService } from './workspaces.service';

// Creating workspaces (first start, self-service sign-up): depends on tenants, users and forms; none of
// them depends back.
@Module({
  providers: [WorkspacesService, FirstOwnerService],
  exports: [WorkspacesService],
})
export class WorkspacesModule {}
