import { ArrayMaxSize, IsArray, IsString, MaxLength } from 'class-validator';

export const MAX_RANGES = 100;

export class NetworkAccessDto {
  /** CIDR ranges staff may sign in and use sessions from; empty means anywhere. */
  staffRanges: string[];
  /** CIDR ranges API keys may be used from; empty means anywhere. */
  apiKeyRanges: string[];
  /** The address this request came from, as the allowlists see it. */
  currentAddress: string;
}

export class UpdateNetworkAccessDto {
  /** IPv4 or IPv6 ranges (`203.0.113.0/24`, `2001:db8::/32`) or single addresses. */
  @IsArray()
  @ArrayMaxSize(MAX_RANGES)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  staffRanges: string[];

  @IsArray()
  @ArrayMaxSize(MAX_RANGES)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  apiKeyRanges: string[];
}
