import { Controller, Get, HttpCode, Param, Post, Query, Req, StreamableFile } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Authenticated } from '../../common/auth/access.decorator';
import { MULTIPART_ROUTE } from '../../common/input/input-guard';
import { Ctx, requirePrincipal, type RequestContext } from '../../common/auth/request-context';
import { ImportAcceptedDto } from './dto/import-accepted.dto';
import { ImportOptionsDto } from './dto/import-options.dto';
import { LeadImportDto } from './dto/lead-import.dto';
import { ImportMappingDto, LeadImportListDto } from './dto/lead-import-summary.dto';
import { ListImportsQueryDto } from './dto/list-imports-query.dto';
import { ImportsService } from './imports.service';
import { HTTP_PROBLEMS } from '../../common/problem/problem-kind';
import { ImportFileUnreadableException } from './import-file-unreadable.exception';
import { Problems } from '../../common/problem/problems.decorator';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import { StatementClassOf } from '../../common/db/statement-scope';

@ApiTags('imports')
@ApiBearerAuth('bearer')
@ApiSecurity('apiKey')
@Controller('leads/imports')
@Authenticated({ permission: 'leads:import' })
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  /**
   * Imports leads from a CSV file: multipart/form-data with a `file` part (options as fields before it,
   * or in the query), or the file itself as a text/csv body (options in the query). The first row names
   * the columns. Answers once the file is received; the rows are then merged in the background. A long
   * `mapping` belongs in a multipart field: in the query, the whole request line and headers must stay
   * under 16 KB.
   */
  @Post()
  @StatementClassOf('upload')
  @RouteConfig({ [MULTIPART_ROUTE]: true })
  @HttpCode(202)
  @ApiConsumes('multipart/form-data', 'text/csv')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        mapping: { type: 'string', maxLength: 20_000, description: 'JSON object: CSV header -> lead field (up to 20,000 characters here; prefer this field to the query parameter)' },
        source: { type: 'string' },
        tags: { type: 'string', description: 'comma-separated' },
        mode: { type: 'string', enum: ['create', 'upsert'] },
        delimiter: { type: 'string' },
        encoding: { type: 'string' },
        file: { type: 'string', format: 'binary' },
      },
    },
  })
  @ApiAcceptedResponse({ type: ImportAcceptedDto })
  @Problems(ImportFileUnreadableException)
  create(@Query() query: ImportOptionsDto, @Req() request: FastifyRequest, @Ctx() ctx: RequestContext): Promise<ImportAcceptedDto> {
    return this.imports.start(requirePrincipal(ctx), request, query);
  }

  /** The workspace's latest imports, newest first, with their counts. */
  @Get()
  list(@Query() query: ListImportsQueryDto, @Ctx() ctx: RequestContext): Promise<LeadImportListDto> {
    return this.imports.list(requirePrincipal(ctx), query);
  }

  /** The column mapping the workspace used last, for the next import to start from. */
  @Get('mapping')
  mapping(@Ctx() ctx: RequestContext): Promise<ImportMappingDto> {
    return this.imports.savedMapping(requirePrincipal(ctx));
  }

  /** Progress and outcome of an import, with its first 20 row errors. */
  @Get(':id')
  @Problems(HTTP_PROBLEMS.notFound)
  get(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<LeadImportDto> {
    return this.imports.get(requirePrincipal(ctx), id);
  }

  /** Every row error of an import as CSV (`row,message`). */
  @Get(':id/errors.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' }, description: 'CSV with a header row', headers: { 'Content-Disposition': { description: 'attachment; filename="import-errors.csv"', schema: { type: 'string' } } } })
  @Problems(HTTP_PROBLEMS.notFound)
  async errors(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<StreamableFile> {
    return new StreamableFile(await this.imports.errorsCsv(requirePrincipal(ctx), id), { type: 'text/csv; charset=utf-8', disposition: 'attachment; filename="import-errors.csv"' });
  }
}
