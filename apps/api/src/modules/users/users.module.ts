import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';

// Users, roles and invitations.
@Module({
  imports: [AuthModule],
  controllers: [],
  providers: [],
})
export class UsersModule {}
