import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Authenticated } from '../../../common/auth/access.decorator';
import { Ctx, requirePrincipal, requireUser, type RequestContext } from '../../../common/auth/request-context';
import { LeadDto } from '../dto/lead.dto';
import { BulkDeleteResultDto, BulkLeadsTargetDto, BulkUpdateLeadsDto, BulkUpdateResultDto } from './dto/bulk-leads-action.dto';
import { AddLeadNoteDto, LogLeadActivityDto } from './dto/lead-actions.dto';
import { LeadEventDto, LeadEventPageDto, LeadPageDto } from './dto/lead-page.dto';
import { ListLeadEventsQueryDto } from './dto/list-lead-events-query.dto';
import { ListLeadsQueryDto } from './dto/list-leads-query.dto';
import { UpdateLeadDto } from './dto/update-lead.dto';
import { LeadTriageService } from './lead-triage.service';
import { OptionalHeader } from '../../../common/http/optional-header.decorator';
import { AssignNotAllowedException, BulkTargetException, DuplicateOpenLeadException, InvalidAssigneeException, InvalidIfMatchException, InvalidStatusTransitionException, LeadClaimedException, LeadInTrashException, LeadNotFoundException, LeadNotYoursException, LeadVersionMismatchException, leadEtag } from './lead-exceptions';
import { AssigneeMeNeedsUserException } from './lead-filter';
import { LeadMergedException } from '../merge/lead-merge.exceptions';
import { InvalidCursorException } from '../../audit/invalid-cursor.exception';
import { Problems } from '../../../common/problem/problems.decorator';
import { ParseIdPipe } from '../../../common/http/parse-id.pipe';
import { StatementClassOf } from '../../../common/db/statement-scope';

// `"7"`, `W/"7"` or `*`; null when absent or `*` (no version check).
function expectedVersion(ifMatch: string | undefined): number | null {
  if (ifMatch === undefined || ifMatch.trim() === '*') return null;
  const match = /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(ifMatch);
  if (!match) throw new InvalidIfMatchException();
  return Number(match[1]);
}

function withEtag(reply: FastifyReply, lead: LeadDto): LeadDto {
  void reply.header('ETag', leadEtag(lead.version));
  return lead;
}

const ETAG = { ETag: { description: 'The version of the lead, for If-Match.', schema: { type: 'string' } } };

const IF_MATCH = { name: 'If-Match', required: false, description: 'The ETag the lead had when loaded; a stale one answers 412 `precondition_failed`.' };

@ApiTags('leads')
@ApiBearerAuth('bearer')
@ApiSecurity('apiKey')
@Controller('leads')
export class LeadsTriageController {
  constructor(private readonly triage: LeadTriageService) {}

  /** Leads matching the filters, newest first by default, paged with `cursor` (keyset: stable while leads arrive). */
  @Get()
  @Authenticated({ permission: 'leads:read' })
  @Problems(InvalidCursorException, AssigneeMeNeedsUserException)
  list(@Query() query: ListLeadsQueryDto, @Ctx() ctx: RequestContext): Promise<LeadPageDto> {
    return this.triage.list(requirePrincipal(ctx), query);
  }

  /** Sets status, priority, assignee or tags on the leads given by id or matched by a filter; illegal changes are skipped and reported. */
  @Post('bulk-update')
  @HttpCode(200)
  @StatementClassOf('bulk')
  @Authenticated({ permission: 'leads:write' })
  @Problems(AssigneeMeNeedsUserException, AssignNotAllowedException, BulkTargetException)
  bulkUpdate(@Body() dto: BulkUpdateLeadsDto, @Ctx() ctx: RequestContext): Promise<BulkUpdateResultDto> {
    return this.triage.bulkUpdate(requirePrincipal(ctx), dto);
  }

  /** Moves the leads given by id or matched by a filter to the trash. */
  @Post('bulk-delete')
  @HttpCode(200)
  @StatementClassOf('bulk')
  @Authenticated({ permission: 'leads:delete' })
  @Problems(AssigneeMeNeedsUserException, BulkTargetException)
  bulkDelete(@Body() dto: BulkLeadsTargetDto, @Ctx() ctx: RequestContext): Promise<BulkDeleteResultDto> {
    return this.triage.bulkDelete(requirePrincipal(ctx), dto);
  }

  /** One lead, also when it is in the trash (`deletedAt` set). The `ETag` is its version. */
  @Get(':id')
  @Authenticated({ permission: 'leads:read' })
  @ApiOkResponse({ type: LeadDto, headers: ETAG })
  @Problems(LeadNotFoundException)
  async get(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<LeadDto> {
    return withEtag(reply, await this.triage.get(requirePrincipal(ctx), id));
  }

  /** The lead's timeline, newest first. */
  @Get(':id/events')
  @Authenticated({ permission: 'leads:read' })
  @Problems(LeadNotFoundException, InvalidCursorException)
  events(@Param('id', ParseIdPipe) id: string, @Query() query: ListLeadEventsQueryDto, @Ctx() ctx: RequestContext): Promise<LeadEventPageDto> {
    return this.triage.events(requirePrincipal(ctx), id, query);
  }

  /** Changes the fields sent. Status moves follow the lifecycle (409 `invalid_status_transition` with the allowed next states). */
  @Patch(':id')
  @Authenticated({ permission: 'leads:write' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: LeadDto, headers: ETAG })
  @Problems(LeadNotFoundException, LeadInTrashException, InvalidIfMatchException, LeadVersionMismatchException, InvalidStatusTransitionException, DuplicateOpenLeadException, AssignNotAllowedException, InvalidAssigneeException, LeadNotYoursException)
  async update(
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: UpdateLeadDto,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
    @OptionalHeader('if-match') ifMatch?: string,
  ): Promise<LeadDto> {
    return withEtag(reply, await this.triage.update(requirePrincipal(ctx), id, dto, expectedVersion(ifMatch)));
  }

  /** Adds a dated note to the timeline. */
  @Post(':id/notes')
  @Authenticated({ permission: 'leads:write' })
  @Problems(LeadNotFoundException, LeadInTrashException)
  addNote(@Param('id', ParseIdPipe) id: string, @Body() dto: AddLeadNoteDto, @Ctx() ctx: RequestContext): Promise<LeadEventDto> {
    return this.triage.addNote(requirePrincipal(ctx), id, dto);
  }

  /** Records a contact attempt; the first one is the lead's first contact. */
  @Post(':id/activities')
  @Authenticated({ permission: 'leads:write' })
  @Problems(LeadNotFoundException, LeadInTrashException, LeadNotYoursException)
  logActivity(@Param('id', ParseIdPipe) id: string, @Body() dto: LogLeadActivityDto, @Ctx() ctx: RequestContext): Promise<LeadEventDto> {
    return this.triage.logActivity(requirePrincipal(ctx), id, dto);
  }

  /** Assigns the lead to the caller when nobody holds it (409 `lead_claimed` otherwise); an unread lead moves to processing. */
  @Post(':id/claim')
  @HttpCode(200)
  @Authenticated({ permission: 'leads:write', staffOnly: true })
  @ApiOkResponse({ type: LeadDto, headers: ETAG })
  @Problems(LeadNotFoundException, LeadInTrashException, LeadClaimedException)
  async claim(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<LeadDto> {
    return withEtag(reply, await this.triage.claim(requireUser(ctx), id));
  }

  /** Unassigns the lead (the holder, or anyone with leads:assign). */
  @Post(':id/release')
  @HttpCode(200)
  @Authenticated({ permission: 'leads:write' })
  @ApiOkResponse({ type: LeadDto, headers: ETAG })
  @Problems(LeadNotFoundException, LeadInTrashException, LeadNotYoursException)
  async release(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<LeadDto> {
    return withEtag(reply, await this.triage.release(requirePrincipal(ctx), id));
  }

  /** Moves the lead to the trash (restorable until it is purged after the workspace's retention period). */
  @Delete(':id')
  @HttpCode(204)
  @Authenticated({ permission: 'leads:delete' })
  @ApiNoContentResponse()
  @Problems(LeadNotFoundException, LeadNotYoursException)
  remove(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<void> {
    return this.triage.remove(requirePrincipal(ctx), id);
  }

  /** Takes the lead out of the trash (409 `duplicate_lead` when another open lead now has its email or phone, 409 `lead_merged` for a lead hidden by a merge: undo the merge instead). */
  @Post(':id/restore')
  @HttpCode(200)
  @Authenticated({ permission: 'leads:delete' })
  @ApiOkResponse({ type: LeadDto, headers: ETAG })
  @Problems(LeadNotFoundException, DuplicateOpenLeadException, LeadMergedException)
  async restore(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<LeadDto> {
    return withEtag(reply, await this.triage.restore(requirePrincipal(ctx), id));
  }
}
