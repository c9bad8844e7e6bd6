import { Body, Controller, Get, HttpCode, Inject, Post, Put, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Authenticated, Public } from '../../common/auth/access.decorator';
import { Ctx, requireUser, type RequestContext } from '../../common/auth/request-context';
import { RecentAuthenticationRequiredException } from '../../common/auth/recent-authentication-required.exception';
import { authConfig, type AuthConfig } from '../../config/auth.config';
import { Problems } from '../../common/problem/problems.decorator';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { FindWorkspaceDto, HostWorkspaceDto, UpdateWorkspaceAddressDto, WorkspaceAddressDto, WorkspaceFinderAcceptedDto } from './dto/workspace-address.dto';
import { OwnerOnlyException, SlugTakenException } from './slug-taken.exception';
import { WorkspaceAddress } from './workspace-address.service';
import { WorkspaceFinder } from './workspace-finder.service';
import { WorkspaceHosts } from './workspace-hosts.service';

@ApiTags('workspace')
@Controller()
export class WorkspaceAddressController {
  constructor(
    private readonly address: WorkspaceAddress,
    private readonly finder: WorkspaceFinder,
    private readonly hosts: WorkspaceHosts,
    @Inject(authConfig.KEY) private readonly auth: AuthConfig,
  ) {}

  /** Which workspace this host name serves, for the sign-in page (its name) before anyone signs in. */
  @Get('workspace-by-host')
  @Public()
  byHost(@Req() request: FastifyRequest): HostWorkspaceDto {
    const signupAllowed = this.auth.ALLOW_SIGNUP;
    if (!this.hosts.enabled) return { host: 'single', name: null, slug: null, apexUrl: null, signupAllowed };
    const workspace = request.workspaceHost;
    if (!workspace) return { host: 'apex', name: null, slug: null, apexUrl: this.hosts.apexUrl(), signupAllowed };
    return { host: 'workspace', name: workspace.name, slug: workspace.slug, apexUrl: this.hosts.apexUrl(), signupAllowed: false };
  }

  /** Emails the address its workspace's link when it has an account. Always answers 202. */
  @Post('workspace-finder')
  @HttpCode(202)
  @Public()
  @RateLimit('login')
  @ApiAcceptedResponse({ type: WorkspaceFinderAcceptedDto })
  async find(@Body() dto: FindWorkspaceDto, @Ctx() ctx: RequestContext): Promise<WorkspaceFinderAcceptedDto> {
    await this.finder.find(dto.email, ctx);
    return { accepted: true };
  }

  /** The workspace's address: its slug and, with BASE_DOMAIN set, its URL. */
  @Get('workspace/address')
  @ApiBearerAuth('bearer')
  @Authenticated({ staffOnly: true })
  get(@Ctx() ctx: RequestContext): Promise<WorkspaceAddressDto> {
    return this.address.get(requireUser(ctx).principal.tenantId);
  }

  /** Moves the workspace to another slug (owners, with a recent sign-in). */
  @Put('workspace/address')
  @ApiBearerAuth('bearer')
  @Authenticated({ staffOnly: true, permission: 'settings:manage' })
  @Problems(SlugTakenException, OwnerOnlyException, RecentAuthenticationRequiredException)
  update(@Body() dto: UpdateWorkspaceAddressDto, @Ctx() ctx: RequestContext): Promise<WorkspaceAddressDto> {
    return this.address.update(requireUser(ctx), dto.slug);
  }
}
