import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiSecurity, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Authenticated } from '../../../common/auth/access.decorator';
import { Ctx, requirePrincipal, type RequestContext } from '../../../common/auth/request-context';
import { LeadDto } from '../dto/lead.dto';
import { ExportLeadsQueryDto } from './dto/export-leads-query.dto';
import { LeadExportService } from './lead-export.service';

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
    content: {
      'text/csv': { schema: { type: 'string' } },
      'application/json': { schema: { type: 'array', items: { $ref: getSchemaPath(LeadDto) } } },
      'application/x-ndjson': { schema: { type: 'string', description: 'One lead JSON object per line' } },
    },
  })
  async export(@Query() query: ExportLeadsQueryDto, @Ctx() ctx: RequestContext): Promise<StreamableFile> {
    const file = await this.exporter.export(requirePrincipal(ctx), query);
    return new StreamableFile(file.stream, { type: file.contentType, disposition: `attachment; filename="${file.filename}"` });
  }
}
