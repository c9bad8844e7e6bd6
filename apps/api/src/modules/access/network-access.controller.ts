import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../common/auth/access.decorator';
import { Ctx, requireUser, type RequestContext } from '../../common/auth/request-context';
import { RecentAuthenticationRequiredException } from '../../common/auth/recent-authentication-required.exception';
import { Problems } from '../../common/problem/problems.decorator';
import { NetworkAccessDto, UpdateNetworkAccessDto } from './dto/network-access.dto';
import { AllowlistExcludesYouException } from './ip-not-allowed.exception';
import { NetworkAccess } from './network-access.service';

@ApiTags('settings')
@ApiBearerAuth('bearer')
@Controller('settings/network-access')
export class NetworkAccessController {
  constructor(private readonly network: NetworkAccess) {}

  /** The staff and API-key allowlists, and the address this request came from. */
  @Get()
  @Authenticated({ staffOnly: true, permission: 'settings:manage' })
  get(@Ctx() ctx: RequestContext): Promise<NetworkAccessDto> {
    return this.network.get(requireUser(ctx));
  }

  /** Replaces both allowlists (a recent sign-in needed); a staff list must include your own address. */
  @Put()
  @Authenticated({ staffOnly: true, permission: 'settings:manage' })
  @Problems(AllowlistExcludesYouException, RecentAuthenticationRequiredException)
  update(@Body() dto: UpdateNetworkAccessDto, @Ctx() ctx: RequestContext): Promise<NetworkAccessDto> {
    return this.network.update(requireUser(ctx), dto);
  }
}
