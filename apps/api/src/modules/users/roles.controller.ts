import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../common/auth/access.decorator';
import { Ctx, requireUser, type RequestContext } from '../../common/auth/request-context';
import { CreateRoleDto } from './dto/create-role.dto';
import { RoleDto } from './dto/role.dto';
import { UpdateRoleDto } from './dto/update-role.dto';
import { RolesService } from './roles.service';
import { BuiltInRoleException } from './built-in-role.exception';
import { GrantNotAllowedException } from './grant-not-allowed.exception';
import { HTTP_PROBLEMS } from '../../common/problem/problem-kind';
import { RoleInUseException } from './role-in-use.exception';
import { RoleNameTakenException } from './role-name-taken.exception';
import { Problems } from '../../common/problem/problems.decorator';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import { ManageNotAllowedException } from './manage-not-allowed.exception';

@ApiTags('roles')
@ApiBearerAuth('bearer')
@Authenticated({ permission: 'users:manage', staffOnly: true })
@Controller('roles')
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  /** Built-in and custom roles, with their effective permissions and how many users hold each. */
  @Get()
  list(@Ctx() ctx: RequestContext): Promise<RoleDto[]> {
    return this.roles.list(requireUser(ctx));
  }

  /** Creates a custom role from a set of permissions (only ones you hold, unless you are an owner). */
  @Post()
  @Problems(RoleNameTakenException, GrantNotAllowedException)
  create(@Body() dto: CreateRoleDto, @Ctx() ctx: RequestContext): Promise<RoleDto> {
    return this.roles.create(requireUser(ctx), dto);
  }

  /** Changes a custom role; its users get the new permissions on their next request. */
  @Patch(':id')
  @Problems(HTTP_PROBLEMS.notFound, BuiltInRoleException, RoleNameTakenException, GrantNotAllowedException, ManageNotAllowedException)
  update(@Param('id', ParseIdPipe) id: string, @Body() dto: UpdateRoleDto, @Ctx() ctx: RequestContext): Promise<RoleDto> {
    return this.roles.update(requireUser(ctx), id, dto);
  }

  /** Deletes a custom role that no user holds. */
  @Delete(':id')
  @HttpCode(204)
  @Problems(HTTP_PROBLEMS.notFound, BuiltInRoleException, RoleInUseException, ManageNotAllowedException)
  remove(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<void> {
    return this.roles.remove(requireUser(ctx), id);
  }
}
