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
import { CannotModifySelfException } from './cannot-modify-self.exception';
import { EmailTakenException } from '../../common/auth/email-taken.exception';
import { GrantNotAllowedException } from './grant-not-allowed.exception';
import { HTTP_PROBLEMS } from '../../common/problem/problem-kind';
import { InvitationPendingException } from './invitation-pending.exception';
import { LastOwnerException } from './last-owner.exception';
import { UserNotInvitedException } from './user-not-invited.exception';
import { Problems } from '../../common/problem/problems.decorator';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import { ManageNotAllowedException } from './manage-not-allowed.exception';

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

  /** One member of the workspace. */
  @Get(':id')
  @Problems(HTTP_PROBLEMS.notFound)
  get(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<UserDto> {
    return this.users.get(requireUser(ctx), id);
  }

  /** Invites someone by email; they choose their name and password through the emailed link. */
  @Post()
  @Problems(EmailTakenException, GrantNotAllowedException)
  invite(@Body() dto: InviteUserDto, @Ctx() ctx: RequestContext): Promise<InvitationDto> {
    return this.users.invite(requireUser(ctx), dto);
  }

  /** A new invitation link for a user who has not joined yet; earlier links stop working. */
  @Post(':id/invitation')
  @HttpCode(200)
  @Problems(HTTP_PROBLEMS.notFound, UserNotInvitedException, GrantNotAllowedException)
  reissueInvitation(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<InvitationDto> {
    return this.users.reissueInvitation(requireUser(ctx), id);
  }

  /** Renames, changes the role, disables (signing them out everywhere) or re-enables a user. */
  @Patch(':id')
  @Problems(HTTP_PROBLEMS.notFound, CannotModifySelfException, InvitationPendingException, LastOwnerException, GrantNotAllowedException, ManageNotAllowedException)
  update(@Param('id', ParseIdPipe) id: string, @Body() dto: UpdateUserDto, @Ctx() ctx: RequestContext): Promise<UserDto> {
    return this.users.update(requireUser(ctx), id, dto);
  }

  /** Deletes a user with their sessions and tokens; not yourself, and not the last owner. */
  @Delete(':id')
  @HttpCode(204)
  @Problems(HTTP_PROBLEMS.notFound, CannotModifySelfException, LastOwnerException, ManageNotAllowedException)
  remove(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<void> {
    return this.users.remove(requireUser(ctx), id);
  }
}
