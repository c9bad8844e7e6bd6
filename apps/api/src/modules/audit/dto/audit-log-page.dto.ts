import { AuditLogDto } from './audit-log.dto';

export class AuditLogPageDto {
  /** Newest first. */
  data: AuditLogDto[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}
