import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../common/auth/access.decorator';
import { Ctx, requirePrincipal, type RequestContext } from '../../common/auth/request-context';
import { AuditQueryService } from './audit-query.service';
import { AuditLogFilterDto } from './dto/audit-log-filter.dto';
import { AuditLogPageDto } from './dto/audit-log-page.dto';
import { ListAuditLogsQueryDto } from './dto/list-audit-logs-query.dto';
import { InvalidCursorException } from './invalid-cursor.exception';
import { Problems } from '../../common/problem/problems.decorator';

@ApiTags('audit')
@ApiBearerAuth('bearer')
@ApiSecurity('apiKey')
@Controller('audit-logs')
@Authenticated({ permission: 'audit:read' })
export class AuditLogsController {
  constructor(private readonly auditQuery: AuditQueryService) {}

  /** The workspace's audit log, newest first, filtered and paged with `cursor`. */
  @Get()
  @Problems(InvalidCursorException)
  list(@Query() query: ListAuditLogsQueryDto, @Ctx() ctx: RequestContext): Promise<AuditLogPageDto> {
    return this.auditQuery.list(requirePrincipal(ctx), query);
  }

  /** Every matching entry as CSV (streamed). The export itself is recorded in the audit log. */
  @Get('export')
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' }, description: 'CSV with a header row', headers: { 'Content-Disposition': { description: 'attachment; filename="audit-log.csv"', schema: { type: 'string' } } } })
  async export(@Query() query: AuditLogFilterDto, @Ctx() ctx: RequestContext): Promise<StreamableFile> {
    return new StreamableFile(await this.auditQuery.exportCsv(requirePrincipal(ctx), query), { type: 'text/csv; charset=utf-8', disposition: 'attachment; filename="audit-log.csv"' });
  }
}
