import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { OptionalNotNull } from '../../../common/validation/optional-not-null.decorator';
import { WEBHOOK_EVENT_FILTERS, type WebhookEventFilter } from '../outbound-webhook-values';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateWebhookEndpointDto {
  /** Where deliveries are POSTed: https (http only outside production), never a private address unless the installation allows it. */
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  url: string;

  /** What the endpoint is for, shown in the list. */
  @OptionalNotNull()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  description?: string;

  /** The events to receive; `lead.*` stands for every lead event. */
  @ApiProperty({ enum: WEBHOOK_EVENT_FILTERS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_FILTERS.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_FILTERS, { each: true })
  events: WebhookEventFilter[];

  /** Defaults to true. */
  @OptionalNotNull()
  @IsBoolean()
  enabled?: boolean;
}
