import { ApiProperty } from '@nestjs/swagger';
import { PERMISSIONS, type Permission } from '@hotleads/shared';

export class AuthUserDto {
  id: string;
  email: string;
  name: string;
  roleId: string;
  roleName: string;
  @ApiProperty({ enum: PERMISSIONS, isArray: true })
  permissions: Permission[];
  mfaEnabled: boolean;
  /** Marked away: assignment rules give them no leads. */
  away: boolean;
}
