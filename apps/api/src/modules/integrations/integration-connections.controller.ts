import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../common/auth/access.decorator';
import { Ctx, requireUser, type RequestContext } from '../../common/auth/request-context';
import { ConnectionTestResultDto } from './dto/connection-test-result.dto';
import { ConnectionWithSecretDto } from './dto/connection-with-secret.dto';
import { ConnectionDto } from './dto/connection.dto';
import { CreateConnectionDto } from './dto/create-connection.dto';
import { TestCredentialsDto } from './dto/test-credentials.dto';
import { UpdateConnectionDto } from './dto/update-connection.dto';
import { IntegrationConnectionsService } from './integration-connections.service';
import { HTTP_PROBLEMS } from '../../common/problem/problem-kind';
import { Problems } from '../../common/problem/problems.decorator';
import { SecretRotationNotSupportedException } from './secret-rotation-not-supported.exception';

// Staff only: connections hold credentials, and their changes are audited against a person.
@ApiTags('integrations')
@ApiBearerAuth('bearer')
@Controller('integrations/connections')
@Authenticated({ permission: 'integrations:manage', staffOnly: true })
export class IntegrationConnectionsController {
  constructor(private readonly connections: IntegrationConnectionsService) {}

  /** Every connection of the workspace. Credentials are never returned: only which fields are set. */
  @Get()
  list(@Ctx() ctx: RequestContext): Promise<ConnectionDto[]> {
    return this.connections.list(requireUser(ctx));
  }

  /** Connects a provider. A `webhook` source answers with its generated `secret`, shown this once only. */
  @Post()
  @ApiCreatedResponse({ type: ConnectionWithSecretDto })
  create(@Body() dto: CreateConnectionDto, @Ctx() ctx: RequestContext): Promise<ConnectionWithSecretDto> {
    return this.connections.create(requireUser(ctx), dto);
  }

  /** Calls the provider with credentials that are not saved yet (the connect form's `Test`); stores nothing. Bad fields answer 400 with one error per field. */
  @Post('test')
  @HttpCode(200)
  testCredentials(@Body() dto: TestCredentialsDto): Promise<ConnectionTestResultDto> {
    return this.connections.testCredentials(dto);
  }

  /** One connection: status, last error, which credential fields are set, and its webhook URL. */
  @Get(':id')
  @Problems(HTTP_PROBLEMS.notFound)
  get(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<ConnectionDto> {
    return this.connections.get(requireUser(ctx), id);
  }

  /** Renames, changes config or replaces credentials. New credentials put a connection that needs attention back to active and queue its failed deliveries again. */
  @Patch(':id')
  @Problems(HTTP_PROBLEMS.notFound)
  update(@Param('id', ParseIdPipe) id: string, @Body() dto: UpdateConnectionDto, @Ctx() ctx: RequestContext): Promise<ConnectionDto> {
    return this.connections.update(requireUser(ctx), id, dto);
  }

  /** Deletes the connection and its delivery log; its leads stay. Its webhook address answers 404 from now on. */
  @Delete(':id')
  @HttpCode(204)
  @Problems(HTTP_PROBLEMS.notFound)
  remove(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<void> {
    return this.connections.remove(requireUser(ctx), id);
  }

  /** Calls the provider with the stored credentials (Acuity: GET /me) and reports what it said. */
  @Post(':id/test')
  @HttpCode(200)
  @Problems(HTTP_PROBLEMS.notFound)
  test(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<ConnectionTestResultDto> {
    return this.connections.test(requireUser(ctx), id);
  }

  /** Turns a disabled connection back on: its webhook address accepts deliveries again. */
  @Post(':id/enable')
  @HttpCode(200)
  @Problems(HTTP_PROBLEMS.notFound)
  enable(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<ConnectionDto> {
    return this.connections.setStatus(requireUser(ctx), id, 'active');
  }

  /** A disabled connection's webhook address answers 404, like an unknown one. */
  @Post(':id/disable')
  @HttpCode(200)
  @Problems(HTTP_PROBLEMS.notFound)
  disable(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<ConnectionDto> {
    return this.connections.setStatus(requireUser(ctx), id, 'disabled');
  }

  /** Makes a new secret for a `webhook` source, shown this once only. The previous one keeps verifying for 24 hours. */
  @Post(':id/rotate-secret')
  @HttpCode(200)
  @Problems(HTTP_PROBLEMS.notFound, SecretRotationNotSupportedException)
  rotateSecret(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<ConnectionWithSecretDto> {
    return this.connections.rotateSecret(requireUser(ctx), id);
  }
}
