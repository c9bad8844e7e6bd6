import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { OptionalNotNull } from '../../../../common/validation/optional-not-null.decorator';
import { ZOHO_DATA_CENTRES, type ZohoDataCentre } from '../../providers/zoho/zoho-hosts';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

// A new connection names itself and gives the client; a reconnect gives `connectionId` and may leave the
// client out to keep the one it has.
export class StartZohoAuthorizationDto {
  /** Reconnects this Zoho connection instead of creating one. */
  @OptionalNotNull()
  @IsUUID()
  connectionId?: string;

  /** A name for the new connection (default "Zoho CRM"). */
  @OptionalNotNull()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  /** Where the Zoho account lives. Required for a new connection. */
  @ApiPropertyOptional({ enum: ZOHO_DATA_CENTRES })
  @OptionalNotNull()
  @IsIn(ZOHO_DATA_CENTRES)
  dataCentre?: ZohoDataCentre;

  /** The client ID of a Zoho "Server-based Application" whose redirect URI is the one `GET /integrations/zoho/oauth` shows. */
  @OptionalNotNull()
  @Transform(trim)
  @IsString()
  @MinLength(8)
  @MaxLength(500)
  @Matches(/^\S+$/, { message: 'clientId has no spaces' })
  clientId?: string;

  /** Write-only; stored encrypted. */
  @OptionalNotNull()
  @Transform(trim)
  @IsString()
  @MinLength(8)
  @MaxLength(500)
  @Matches(/^\S+$/, { message: 'clientSecret has no spaces' })
  clientSecret?: string;
}
