import { Module } from '@nestjs/common';
import { InvitationsService } from './invitations.service';
import { PeopleController } from './people.controller';
import { RolesController } from './roles.controller';
import { RolesRepository } from './roles.repository';
import { RolesService } from './roles.service';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

// Users, roles and invitations.
@Module({
  controllers: [UsersController, RolesController, PeopleController],
  providers: [UsersService, UsersRepository, InvitationsService, RolesService, RolesRepository],
})
export class UsersModule {}
