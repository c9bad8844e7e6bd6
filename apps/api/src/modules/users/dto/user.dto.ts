import { ApiProperty } from '@nestjs/swagger';
import type { UserStatus } from '../user.entity';
import { USER_STATUSES } from '../user-statuses';

export class UserDto {
  id: string;
  email: string;
  name: string;
  roleId: string;
  roleName: string;
  @ApiProperty({ enum: USER_STATUSES })
  status: UserStatus;
  mfaEnabled: boolean;
  /** Marked away by the user: assignment rules skip them. */
  away: boolean;
  /** Most open leads assignment rules may give them; null = no limit. */
  leadCapacity: number | null;
  lastLoginAt: Date | null;
  createdAt: Date;
}
