import { ApiProperty } from '@nestjs/swagger';
import { LEAD_PRIORITIES, LEAD_TYPES, type LeadPriority, type LeadType } from '@hotleads/shared';

export class FormDto {
  id: string;
  @ApiProperty({ enum: LEAD_TYPES })
  type: LeadType;
  name: string;
  allowedOrigins: string[];
  redirectUrls: string[];
  @ApiProperty({ enum: LEAD_PRIORITIES })
  defaultPriority: LeadPriority;
  defaultTags: string[];
  acknowledgmentEmail: boolean;
  enabled: boolean;
  /** The consent checkbox's label; null when the form asks for no consent. */
  consentLabel: string | null;
  /** The privacy policy version consent is given to. */
  consentPolicyVersion: string | null;
  /** Where the form posts: JSON or application/x-www-form-urlencoded, no authentication. */
  publicUrl: string;
  /** Leads that came in through this form. */
  submissionCount: number;
  /** Submissions dropped by the honeypot. */
  spamCount: number;
  createdAt: Date;
  updatedAt: Date;
}
