import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../common/auth/access.decorator';
import { Ctx, requirePrincipal, type RequestContext } from '../../common/auth/request-context';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import { Problems } from '../../common/problem/problems.decorator';
import { EraseSubjectDto } from './dto/erase-subject.dto';
import { ErasureResultDto } from './dto/erasure-result.dto';
import { SubjectQueryDto } from './dto/subject-query.dto';
import { SubjectReportDto } from './dto/subject-report.dto';
import { SuppressionListDto } from './dto/suppression-list.dto';
import { ErasureNotConfirmedException } from './erasure-not-confirmed.exception';
import { InvalidSubjectException } from './invalid-subject.exception';
import { PrivacyService } from './privacy.service';
import { PrivacyExportService } from './privacy-export.service';
import { PrivacyExportDto } from './dto/privacy-export.dto';
import { PrivacyExportListDto } from './dto/privacy-export-list.dto';
import { PrivacyExportDocumentDto } from './dto/privacy-export-document.dto';
import { ExportNotFoundException } from './export-not-found.exception';
import { SuppressionNotFoundException } from './suppression-not-found.exception';
import { RetentionDto, UpdateRetentionDto } from './dto/retention.dto';
import { RetentionService } from './retention.service';

@ApiTags('privacy')
@ApiBearerAuth('bearer')
@ApiSecurity('apiKey')
@Controller('privacy')
@Authenticated({ permission: 'privacy:manage' })
export class PrivacyController {
  constructor(
    private readonly privacy: PrivacyService,
    private readonly exports: PrivacyExportService,
    private readonly retention: RetentionService,
  ) {}

  /** Starts gathering everything about the person into a JSON document (and a summary) for the caller. */
  @Post('subjects/export')
  @HttpCode(202)
  @Problems(InvalidSubjectException)
  requestExport(@Body() dto: SubjectQueryDto, @Ctx() ctx: RequestContext): Promise<PrivacyExportDto> {
    return this.exports.request(requirePrincipal(ctx), dto);
  }

  /** The caller's own exports, newest first. */
  @Get('exports')
  listExports(@Ctx() ctx: RequestContext): Promise<PrivacyExportListDto> {
    return this.exports.list(requirePrincipal(ctx));
  }

  /** The document, once, for the one who asked, within 24 hours. */
  @Get('exports/:id/download')
  @Problems(ExportNotFoundException)
  download(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<PrivacyExportDocumentDto> {
    return this.exports.download(requirePrincipal(ctx), id);
  }

  /** Everything the workspace holds about a person (by email and/or phone), counted and listed per kind. */
  @Get('subjects')
  @Problems(InvalidSubjectException)
  search(@Query() query: SubjectQueryDto, @Ctx() ctx: RequestContext): Promise<SubjectReportDto> {
    return this.privacy.search(requirePrincipal(ctx), query);
  }

  /** Erases the person everywhere (their records stay as anonymous facts) and keeps them out of intake. */
  @Post('subjects/erase')
  @HttpCode(200)
  @Problems(InvalidSubjectException, ErasureNotConfirmedException)
  erase(@Body() dto: EraseSubjectDto, @Ctx() ctx: RequestContext): Promise<ErasureResultDto> {
    return this.privacy.erase(requirePrincipal(ctx), dto);
  }

  /** Erased people intake refuses, as keyed hashes. */
  @Get('suppressions')
  suppressions(@Ctx() ctx: RequestContext): Promise<SuppressionListDto> {
    return this.privacy.listSuppressions(requirePrincipal(ctx));
  }

  /** Lets intake accept this person again. */
  @Delete('suppressions/:id')
  @HttpCode(204)
  @Problems(SuppressionNotFoundException)
  lift(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<void> {
    return this.privacy.liftSuppression(requirePrincipal(ctx), id);
  }

  /** The workspace's retention rules (each off while null), with the daily job's last result and next run. */
  @Get('retention')
  getRetention(@Ctx() ctx: RequestContext): Promise<RetentionDto> {
    return this.retention.get(requirePrincipal(ctx));
  }

  /** Changes the rules sent (null turns one off) and answers them as they now are. */
  @Patch('retention')
  updateRetention(@Body() dto: UpdateRetentionDto, @Ctx() ctx: RequestContext): Promise<RetentionDto> {
    return this.retention.update(requirePrincipal(ctx), dto);
  }
}
