// The workspace's settings as staff see them. New settings are added here, in UpdateSettingsDto,
// in TenantSettings (with a default) and in toSettingsDto.
export class SettingsDto {
  /** Workspace name. */
  name: string;
  /** Every user must set up a second factor before signing in. */
  requireMfa: boolean;
}
