import type { UserDto } from './dto/user.dto';

// Copies only the public fields, so nothing else a row carries can leak into a response.
export function toUserDto(row: UserDto): UserDto {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roleId: row.roleId,
    roleName: row.roleName,
    status: row.status,
    mfaEnabled: row.mfaEnabled,
    away: row.away,
    leadCapacity: row.leadCapacity,
    lastLoginAt: row.lastLoginAt,
    createdAt: row.createdAt,
  };
}
