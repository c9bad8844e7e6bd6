import { Module } from '@nestjs/common';
import { NetworkAccessController } from './network-access.controller';
import { NetworkAccess } from './network-access.service';
import { WorkspaceAddressController } from './workspace-address.controller';
import { WorkspaceAddress } from './workspace-address.service';
import { WorkspaceFinder } from './workspace-finder.service';
import { WorkspaceHosts } from './workspace-hosts.service';

// How a workspace is reached: its host name (BASE_DOMAIN) and the networks it accepts staff sessions and
// API keys from (decision 0025). The auth module consults it on every sign-in and authenticated request.
@Module({
  controllers: [WorkspaceAddressController, NetworkAccessController],
  providers: [WorkspaceHosts, NetworkAccess, WorkspaceAddress, WorkspaceFinder],
  exports: [WorkspaceHosts, NetworkAccess],
})
export class AccessModule {}
