import { ApiProperty } from '@nestjs/swagger';
import { LEAD_STATUSES, type LeadStatus } from '@hotleads/shared';

export const DUPLICATE_REASONS = ['closed_match', 'same_name_company', 'email_alias'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

export class DuplicateLeadDto {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  @ApiProperty({ enum: LEAD_STATUSES })
  status: LeadStatus;
  createdAt: Date;
  /** Send as If-Match when merging. */
  version: number;
}

export class DuplicatePairDto {
  /**
   * Why the two may be one person: `closed_match`, an open lead with the email or phone (`matchedOn`) of an
   * archived or converted one; `same_name_company`, the same name and company with other contacts;
   * `email_alias`, Gmail addresses that differ only by dots or a `+tag` (`matchedOn` = `gmail`).
   */
  @ApiProperty({ enum: DUPLICATE_REASONS })
  reason: DuplicateReason;
  /** `email` or `phone` for closed_match, `gmail` for email_alias, null otherwise. */
  matchedOn: string | null;
  /** The newer lead of the pair. */
  lead: DuplicateLeadDto;
  /** The older one. */
  match: DuplicateLeadDto;
}

export class DuplicatePageDto {
  /** Newest lead first. */
  data: DuplicatePairDto[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}
