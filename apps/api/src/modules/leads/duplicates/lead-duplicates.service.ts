import { Injectable } from '@nestjs/common';
import type { AuthedContext } from '../../../common/auth/request-context';
import type { ApiKeyPrincipal, UserPrincipal } from '../../../common/auth/principal';
import { TenantDb } from '../../../common/db/tenant-db.service';
import type { DuplicateLeadDto, DuplicatePageDto } from './dto/duplicate-pair.dto';
import type { ListDuplicatesQueryDto } from './dto/list-duplicates-query.dto';
import { InvalidDuplicateCursorException } from './invalid-duplicate-cursor.exception';
import { LeadDuplicatesRepository, type DuplicateCursor, type DuplicateRow } from './lead-duplicates.repository';

const DEFAULT_PAGE = 25;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const CURSOR = new RegExp(`^(${UUID})\\.([123])\\.(${UUID})$`);

export const encodeDuplicateCursor = (c: DuplicateCursor) => Buffer.from(`${c.leadId}.${c.rank}.${c.matchId}`, 'utf8').toString('base64url');

export function decodeDuplicateCursor(value: string): DuplicateCursor | null {
  const match = CURSOR.exec(Buffer.from(value, 'base64url').toString('utf8'));
  return match ? { leadId: match[1], rank: Number(match[2]), matchId: match[3] } : null;
}

// Near duplicates that intake cannot decide on its own; see the LeadDuplicates migration for the rules.
@Injectable()
export class LeadDuplicatesService {
  constructor(
    private readonly db: TenantDb,
    private readonly repository: LeadDuplicatesRepository,
  ) {}

  async list(ctx: AuthedContext<UserPrincipal | ApiKeyPrincipal>, query: ListDuplicatesQueryDto): Promise<DuplicatePageDto> {
    const { tenantId } = ctx.principal;
    const after = query.cursor === undefined ? null : decodeDuplicateCursor(query.cursor);
    if (query.cursor !== undefined && after === null) throw new InvalidDuplicateCursorException();
    const limit = query.limit ?? DEFAULT_PAGE;
    const rows = await this.db.run(tenantId, (m) => this.repository.page(m, tenantId, after, limit + 1));
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      data: page.map((r) => ({ reason: r.reason, matchedOn: r.matchedOn, lead: side(r.lead), match: side(r.match) })),
      nextCursor: rows.length > limit ? encodeDuplicateCursor({ leadId: last.lead.id, rank: last.rank, matchId: last.match.id }) : null,
    };
  }
}

function side(s: DuplicateRow['lead']): DuplicateLeadDto {
  return { ...s, status: s.status as DuplicateLeadDto['status'], createdAt: new Date(s.createdAt) };
}
