import { AuthUserDto } from './auth-user.dto';

export class TenantSettingsDto {
  requireMfa: boolean;
}

export class TenantSummaryDto {
  id: string;
  name: string;
  settings: TenantSettingsDto;
}

export class MeResponseDto {
  user: AuthUserDto;
  tenant: TenantSummaryDto;
}
