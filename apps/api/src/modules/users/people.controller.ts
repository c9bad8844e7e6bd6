import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../common/auth/access.decorator';
import { Ctx, requireUser, type RequestContext } from '../../common/auth/request-context';
import { PersonDto } from './dto/person.dto';
import { UsersService } from './users.service';

// Who is who, for anyone who reads leads: the names behind assignee and "claimed by" ids. Managing people
// (emails, roles, status changes) stays behind users:manage.
@ApiTags('users')
@ApiBearerAuth('bearer')
@Authenticated({ permission: 'leads:read', staffOnly: true })
@Controller('people')
export class PeopleController {
  constructor(private readonly users: UsersService) {}

  /** The workspace's people by name (at most 1,000), with id and name only. */
  @Get()
  list(@Ctx() ctx: RequestContext): Promise<PersonDto[]> {
    return this.users.directory(requireUser(ctx));
  }
}
