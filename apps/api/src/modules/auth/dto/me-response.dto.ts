import { AuthUserDto } from './auth-user.dto';

export class TenantSettingsDto {
  requireMfa: boolean;
  /** The workspace's country (ISO 3166-1 alpha-2): phones of that country are shown in its national format. */
  phoneCountry: string | null;
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
