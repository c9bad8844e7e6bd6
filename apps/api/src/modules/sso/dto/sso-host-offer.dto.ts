import { ApiProperty } from '@nestjs/swagger';
import { SsoWorkspaceDto } from './sso-workspace.dto';

// The single sign-on the sign-in page of a workspace's own host (BASE_DOMAIN) offers.
export class SsoHostOfferDto {
  // Written out: OpenAPI 3.0 cannot mark a $ref nullable, and a nullable allOf validates nothing.
  @ApiProperty({
    type: 'object',
    nullable: true,
    selfRequired: true,
    description: "Null on a shared host, on the apex, or when the host's workspace has no single sign-on turned on; else as `SsoWorkspaceDto`.",
    properties: { workspaceId: { type: 'string' }, workspaceName: { type: 'string' }, providerName: { type: 'string' }, startUrl: { type: 'string' } },
    required: ['workspaceId', 'workspaceName', 'providerName', 'startUrl'],
  })
  offer: SsoWorkspaceDto | null;
}
