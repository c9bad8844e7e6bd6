import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../common/auth/access.decorator';
import { Ctx, requireUser, type RequestContext } from '../../common/auth/request-context';
import { InvitationDto } from './dto/invitation.dto';
import { InviteUserDto } from './dto/invite-user.dto';
import { ListUsersQueryDto } from './dto/list-users-query.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserPageDto } from './dto/user-page.dto';
import { UserDto } from './dto/user.dto';
import { UsersService } from './users.service';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';

// Managing people is for signed-in staff only: an API key never creates, promotes or removes a user.
@ApiTags('users')
@ApiBearerAuth('bearer')
@Authenticated({ permission: 'users:manage', staffOnly: true })
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** The workspace's users, oldest first, a page at a time. */
  @Get()
  list(@Query() query: ListUsersQueryDto, @Ctx() ctx: RequestContext): Promise<UserPageDto> {
    return this.users.list(requireUser(ctx), query);
  }

  @Get(':id')
  get(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<UserDto> {
    return this.users.get(requireUser(ctx), id);
  }

  /** Invites someone by email; they choose their name and password through the emailed link. */
  @Post()
  invite(@Body() dto: InviteUserDto, @Ctx() ctx: RequestContext): Promise<InvitationDto> {
    return this.users.invite(requireUser(ctx), dto);
  }

  /** A new invitation link for a user who has not joined yet; earlier links stop working. */
  @Post(':id/invitation')
  @HttpCode(200)
  reissueInvitation(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<InvitationDto> {
    return this.users.reissueInvitation(requireUser(ctx), id);
  }

  /** Renames, changes the role, disables (signing them out everywhere) or re-enables a user. */
  @Patch(':id')
  update(@Param('id', ParseIdPipe) id: string, @Body() dto: UpdateUserDto, @Ctx() ctx: RequestContext): Promise<UserDto> {
    return this.users.update(requireUser(ctx), id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<void> {
    return this.users.remove(requireUser(ctx), id);
  }
}
