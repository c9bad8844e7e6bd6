// Minutes to the first response, per priority.
export class SlaMinutesDto {
  urgent: number;
  high: number;
  medium: number;
  low: number;
}

// The workspace's settings as staff see them. New settings are added here, in UpdateSettingsDto,
// in TenantSettings (with a default) and in toSettingsDto.
export class SettingsDto {
  /** Workspace name. */
  name: string;
  /** Every user must set up a second factor before signing in. */
  requireMfa: boolean;
  /** Speed-to-lead: minutes to the first response per priority; sets each new lead's respondBy. */
  slaMinutes: SlaMinutesDto;
  /** Days a lead stays in the trash before it is purged. */
  trashRetentionDays: number;
  /** The workspace's country (ISO 3166-1 alpha-2, e.g. `DE`): phones of that country are shown in its national format, others internationally. Null: always international. */
  phoneCountry: string | null;
}
