import { Controller, Get, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiSecurity, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Authenticated } from '../../../common/auth/access.decorator';
import { Ctx, requirePrincipal, type RequestContext } from '../../../common/auth/request-context';
import { LeadDto } from '../dto/lead.dto';
import { ExportLeadsQueryDto } from './dto/export-leads-query.dto';
import { LEAD_EXPORT_CONTENT_TYPES } from './lead-export-format';
import { ExportCapacityException, LeadExportService } from './lead-export.service';
import { AssigneeMeNeedsUserException } from '../triage/lead-filter';
import { HTTP_PROBLEMS } from '../../../common/problem/problem-kind';
import { Problems } from '../../../common/problem/problems.decorator';

@ApiTags('leads')
@ApiBearerAuth('bearer')
@ApiSecurity('apiKey')
@ApiExtraModels(LeadDto)
@Controller('leads')
export class LeadExportController {
  constructor(private readonly exporter: LeadExportService) {}

  /** Every lead matching the filters, oldest first, streamed with no row limit as CSV (header row, fixed column order, formula cells prefixed with an apostrophe), a JSON array or NDJSON; recorded in the audit log. */
  @Get('export')
  @Authenticated({ permission: 'leads:export' })
  @ApiOkResponse({
    description: 'A file download (`Content-Disposition: attachment`)',
    headers: { 'Content-Disposition': { description: 'attachment; filename="leads-<date>.<format>"', schema: { type: 'string' } } },
    content: {
      'text/csv': { schema: { type: 'string' } },
      'application/json': { schema: { type: 'array', items: { $ref: getSchemaPath(LeadDto) } } },
      'application/x-ndjson': { schema: { type: 'string', description: 'One lead JSON object per line' } },
    },
  })
  @Problems(AssigneeMeNeedsUserException, ExportCapacityException, HTTP_PROBLEMS.badRequest)
  async export(@Query() query: ExportLeadsQueryDto, @Ctx() ctx: RequestContext, @Req() request: FastifyRequest): Promise<StreamableFile> {
    // The HEAD route Fastify adds for every GET answers the headers only: no COPY, no audit entry.
    if (request.method === 'HEAD') return new StreamableFile(Buffer.alloc(0), { type: LEAD_EXPORT_CONTENT_TYPES[query.format ?? 'csv'] });
    const file = await this.exporter.export(requirePrincipal(ctx), query);
    return new StreamableFile(file.stream, { type: file.contentType, disposition: `attachment; filename="${file.filename}"` });
  }
}
