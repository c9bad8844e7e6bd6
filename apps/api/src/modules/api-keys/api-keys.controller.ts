import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../common/auth/access.decorator';
import { Ctx, requireUser, type RequestContext } from '../../common/auth/request-context';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyDto } from './dto/api-key.dto';
import { CreateApiKeyDto } from './dto/create-api-key.dto';
import { CreatedApiKeyDto } from './dto/created-api-key.dto';
import { HTTP_PROBLEMS } from '../../common/problem/problem-kind';
import { ScopeNotHeldException } from './scope-not-held.exception';
import { Problems } from '../../common/problem/problems.decorator';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';

// Staff only: an API key never manages keys.
@ApiTags('api-keys')
@ApiBearerAuth('bearer')
@Controller('api-keys')
@Authenticated({ permission: 'api-keys:manage', staffOnly: true })
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  /** Every key of the workspace, revoked and expired ones included. Secrets are never returned. */
  @Get()
  list(@Ctx() ctx: RequestContext): Promise<ApiKeyDto[]> {
    return this.apiKeys.list(requireUser(ctx));
  }

  /** Creates a key. The response holds the secret, which is shown this once only. */
  @Post()
  @Problems(ScopeNotHeldException)
  create(@Body() dto: CreateApiKeyDto, @Ctx() ctx: RequestContext): Promise<CreatedApiKeyDto> {
    return this.apiKeys.create(requireUser(ctx), dto);
  }

  /** Revokes a key: it stops working at once. */
  @Delete(':id')
  @HttpCode(204)
  @Problems(HTTP_PROBLEMS.notFound)
  revoke(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<void> {
    return this.apiKeys.revoke(requireUser(ctx), id);
  }
}
