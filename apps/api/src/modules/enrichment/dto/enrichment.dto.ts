import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { OptionalNotNull } from '../../../common/validation/optional-not-null.decorator';
import { BulkLeadsTargetDto } from '../../leads/triage/dto/bulk-leads-action.dto';
import { ENRICHMENT_KINDS, ENRICHMENT_PROVIDERS, ENRICHMENT_STATUSES, ENRICHMENT_TRIGGERS, type EnrichmentKind, type EnrichmentProviderName, type EnrichmentStatus, type EnrichmentTrigger } from '../enrichment-values';

export class EnrichLeadDto {
  /** Look the values up again even when the workspace's cache has a recent answer (a paid lookup). */
  @OptionalNotNull()
  @IsBoolean()
  force?: boolean;
}

export class BulkEnrichDto extends BulkLeadsTargetDto {
  /** Look the values up again even when the workspace's cache has a recent answer (paid lookups). */
  @OptionalNotNull()
  @IsBoolean()
  force?: boolean;
}

export class EnrichmentDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ format: 'uuid' })
  leadId: string;
  @ApiProperty({ enum: ENRICHMENT_PROVIDERS })
  provider: EnrichmentProviderName;
  @ApiProperty({ enum: ENRICHMENT_KINDS })
  kind: EnrichmentKind;
  /** The normalised email or E.164 phone looked up. */
  value: string;
  @ApiProperty({ enum: ENRICHMENT_STATUSES })
  status: EnrichmentStatus;
  /** Why it was skipped (a stable code such as `daily_budget_reached`) or how it failed; the last error while queued. */
  @ApiProperty({ type: String, nullable: true })
  reason: string | null;
  /** The answer's fields: for a phone valid, lineType, carrier, countryCode, nationalFormat, validationErrors; for an email result, reason, sendex, disposable, role, free, acceptAll, didYouMean. */
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  summary: Record<string, unknown> | null;
  /** Answered from the workspace's cache (no paid lookup). */
  cached: boolean;
  @ApiProperty({ enum: ENRICHMENT_TRIGGERS })
  trigger: EnrichmentTrigger;
  attempts: number;
  createdAt: Date;
  /** When the provider gave the answer (for a cached one: the original answer). */
  @ApiProperty({ type: Date, nullable: true })
  fetchedAt: Date | null;
  @ApiProperty({ type: Date, nullable: true })
  finishedAt: Date | null;
}

export class EnrichmentListDto {
  @ApiProperty({ type: [EnrichmentDto] })
  items: EnrichmentDto[];
}

export class EnrichmentSkippedDto {
  @ApiProperty({ enum: ENRICHMENT_PROVIDERS })
  provider: EnrichmentProviderName;
  /** no_value (the lead has no email or phone for it), provider_disabled or already_queued. */
  reason: string;
}

export class EnrichQueuedDto {
  /** Lookups queued now (ids of lead enrichments). */
  @ApiProperty({ type: [String] })
  queued: string[];
  @ApiProperty({ type: [EnrichmentSkippedDto] })
  skipped: EnrichmentSkippedDto[];
}

export class BulkEnrichRunDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  /** Leads the ids or the filter selected (at most 10,000 per request). */
  leads: number;
  /** Lookups queued for them. */
  queued: number;
  /** Lookups still waiting or running. */
  pending: number;
  succeeded: number;
  failed: number;
  skipped: number;
  /** True once every lookup has an outcome. */
  done: boolean;
  force: boolean;
  createdAt: Date;
}
