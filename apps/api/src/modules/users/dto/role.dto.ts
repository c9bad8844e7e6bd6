import { ApiProperty } from '@nestjs/swagger';
import { BUILT_IN_ROLES, PERMISSIONS, type BuiltInRole, type Permission } from '@hotleads/shared';

export class RoleDto {
  id: string;
  name: string;
  /** The built-in role this is, or null for a custom role. */
  // OpenAPI 3.0.3: a nullable enum lists null among its values.
  @ApiProperty({ enum: [...BUILT_IN_ROLES, null], nullable: true, type: String })
  key: BuiltInRole | null;
  builtIn: boolean;
  description: string;
  @ApiProperty({ enum: PERMISSIONS, isArray: true })
  permissions: Permission[];
  userCount: number;
}
