import { ApiProperty } from '@nestjs/swagger';
import { DeliveryDto } from './delivery.dto';

export class DeliveryDetailDto extends DeliveryDto {
  /** The headers that matter: content type, signature headers, user agent, request id. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  headers: Record<string, string>;
  /** The body as received, as UTF-8 text (null once purged). */
  body: string | null;
  /** The body as received, base64 (null once purged): the exact bytes, when they are not UTF-8. */
  bodyBase64: string | null;
  sourceIp: string | null;
  dedupeKey: string | null;
  /** What processing did: per-item results, counts, the appointment id. */
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  result: Record<string, unknown> | null;
}
