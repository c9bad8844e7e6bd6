import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, Max, Min, ValidateNested } from 'class-validator';
import { OptionalNotNull } from '../../../common/validation/optional-not-null.decorator';
import { CONNECTION_STATUSES, type ConnectionStatus } from '../../integrations/integration-values';
import { ENRICHMENT_KINDS, ENRICHMENT_MODES, ENRICHMENT_PROVIDERS, MAX_DAILY_BUDGET, type EnrichmentKind, type EnrichmentMode, type EnrichmentProviderName } from '../enrichment-values';

export class EnrichmentConnectionSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  name: string;
  @ApiProperty({ enum: CONNECTION_STATUSES })
  status: ConnectionStatus;
  @ApiProperty({ type: String, nullable: true })
  lastError: string | null;
}

export class EnrichmentProviderSettingsDto {
  @ApiProperty({ enum: ENRICHMENT_PROVIDERS })
  provider: EnrichmentProviderName;
  label: string;
  @ApiProperty({ enum: ENRICHMENT_KINDS })
  kind: EnrichmentKind;
  /** Whether this provider runs (automatically and on demand). */
  enabled: boolean;
  /** Paid lookups per UTC day; lookups beyond it are skipped with the reason `daily_budget_reached`. */
  dailyBudget: number;
  /** Paid lookups today (UTC). */
  usedToday: number;
  /** Lookups answered from the workspace's cache today. */
  cachedToday: number;
  /** Lookups skipped today because the budget was spent. */
  skippedToday: number;
  /** The connection used (the oldest active one); absent when the provider is not connected. */
  @ApiProperty({ type: EnrichmentConnectionSummaryDto, required: false })
  connection?: EnrichmentConnectionSummaryDto;
}

export class EnrichmentSettingsDto {
  /** auto: new leads and changed emails or phones are enriched by themselves; on_demand: only when asked. */
  @ApiProperty({ enum: ENRICHMENT_MODES })
  mode: EnrichmentMode;
  @ApiProperty({ type: [EnrichmentProviderSettingsDto] })
  providers: EnrichmentProviderSettingsDto[];
}

export class ProviderSettingChangeDto {
  @OptionalNotNull()
  @IsBoolean()
  enabled?: boolean;

  @ApiProperty({ required: false, minimum: 0, maximum: MAX_DAILY_BUDGET })
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(MAX_DAILY_BUDGET)
  dailyBudget?: number;
}

export class ProviderSettingsChangesDto {
  @ApiProperty({ required: false, type: ProviderSettingChangeDto })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => ProviderSettingChangeDto)
  twilio_lookup?: ProviderSettingChangeDto;

  @ApiProperty({ required: false, type: ProviderSettingChangeDto })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => ProviderSettingChangeDto)
  kickbox?: ProviderSettingChangeDto;
}

export class UpdateEnrichmentSettingsDto {
  @ApiProperty({ required: false, enum: ENRICHMENT_MODES })
  @OptionalNotNull()
  @IsIn(ENRICHMENT_MODES)
  mode?: EnrichmentMode;

  @ApiProperty({ required: false, type: ProviderSettingsChangesDto })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => ProviderSettingsChangesDto)
  providers?: ProviderSettingsChangesDto;
}
