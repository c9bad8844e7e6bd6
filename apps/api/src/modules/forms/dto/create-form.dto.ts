import { ApiProperty } from '@nestjs/swagger';
import { LEAD_PRIORITIES, LEAD_TYPES, type LeadPriority, type LeadType } from '@hotleads/shared';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, MaxLength } from 'class-validator';
import { FORM_LIMITS, NormalisedOrigins, NormalisedTags, ORIGIN_PATTERN, TrimmedText } from '../form-values';
import { OptionalNotNull } from '../../../common/validation/optional-not-null.decorator';

export class CreateFormDto {
  /** The kind of lead the form collects. */
  @ApiProperty({ enum: LEAD_TYPES })
  @IsIn(LEAD_TYPES)
  type: LeadType;

  @TrimmedText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(FORM_LIMITS.name)
  name: string;

  /** Browser origins (scheme://host[:port], no path) whose pages may post to the form from script. Empty: none. */
  @OptionalNotNull()
  @NormalisedOrigins()
  @IsArray()
  @ArrayMaxSize(FORM_LIMITS.origins)
  @IsString({ each: true })
  @Matches(ORIGIN_PATTERN, { each: true, message: 'each value in allowedOrigins must be an origin such as https://www.example.com (no path)' })
  allowedOrigins?: string[];

  /** Absolute http(s) URLs a plain HTML form may send the browser to after submitting (field `_redirect`). */
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(FORM_LIMITS.redirectUrls)
  @IsString({ each: true })
  @MaxLength(FORM_LIMITS.url, { each: true })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { each: true, message: 'each value in redirectUrls must be an absolute http(s) URL' })
  redirectUrls?: string[];

  @ApiProperty({ enum: LEAD_PRIORITIES, required: false })
  @OptionalNotNull()
  @IsIn(LEAD_PRIORITIES)
  defaultPriority?: LeadPriority;

  /** Tags every lead from this form gets. */
  @OptionalNotNull()
  @NormalisedTags()
  @IsArray()
  @ArrayMaxSize(FORM_LIMITS.tags)
  @IsString({ each: true })
  @MaxLength(FORM_LIMITS.tag, { each: true })
  defaultTags?: string[];

  /** Send "we received your message" to submitters who give an email address. */
  @OptionalNotNull()
  @IsBoolean()
  acknowledgmentEmail?: boolean;

  /** A disabled form answers 404 to submissions. */
  @OptionalNotNull()
  @IsBoolean()
  enabled?: boolean;

  /** The label of a consent checkbox every submission must tick (null: none asked); needs consentPolicyVersion. */
  @IsOptional()
  @TrimmedText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(FORM_LIMITS.consentLabel)
  consentLabel?: string | null;

  /** The version of the privacy policy the checkbox refers to, kept with each lead's consent. */
  @IsOptional()
  @TrimmedText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(FORM_LIMITS.consentPolicyVersion)
  consentPolicyVersion?: string | null;
}
