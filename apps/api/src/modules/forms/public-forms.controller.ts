import { Body, Controller, HttpStatus, Options, Param, Post, Query, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiExcludeEndpoint, ApiNotFoundResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../../common/auth/access.decorator';
import { Ctx, type RequestContext } from '../../common/auth/request-context';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { LEAD_LIMITS } from '../leads/lead-input';
import { SubmissionReceivedDto } from './dto/submission-received.dto';
import { FormSubmissionService } from './form-submission.service';
import { PUBLIC_FORM_ROUTE } from './public-form';
import { PublicFormHttpService } from './public-form-http.service';
import { HONEYPOT_FIELD, REDIRECT_FIELD, SUBMISSION_LIMITS } from './submission-fields';
import { OptionalHeader } from '../../common/http/optional-header.decorator';
import { HTTP_PROBLEMS } from '../../common/problem/problem-kind';
import { Problems } from '../../common/problem/problems.decorator';

const text = (maxLength: number, description?: string) => ({ type: 'string', maxLength, description });

const SUBMISSION_SCHEMA = {
  type: 'object',
  properties: {
    name: text(LEAD_LIMITS.name),
    email: text(LEAD_LIMITS.email),
    phone: text(LEAD_LIMITS.phone, 'International form (+...), or national with `country`.'),
    country: text(2, 'ISO 3166-1 alpha-2, to read a national phone number.'),
    company: text(LEAD_LIMITS.company),
    subject: text(LEAD_LIMITS.subject),
    message: text(LEAD_LIMITS.message),
    role: text(LEAD_LIMITS.role),
    utm_source: text(SUBMISSION_LIMITS.utm),
    utm_medium: text(SUBMISSION_LIMITS.utm),
    utm_campaign: text(SUBMISSION_LIMITS.utm),
    utm_term: text(SUBMISSION_LIMITS.utm),
    utm_content: text(SUBMISSION_LIMITS.utm),
    [HONEYPOT_FIELD]: text(SUBMISSION_LIMITS.fieldValue, 'Honeypot: a hidden field people leave empty.'),
    [REDIRECT_FIELD]: text(SUBMISSION_LIMITS.redirect, "Answer 303 to this URL when it is one of the form's redirectUrls."),
  },
  additionalProperties: { description: `Any other field is kept with the lead (at most ${SUBMISSION_LIMITS.extraFields}).` },
};

// What websites post to. No authentication: the form id in the path is the credential, the budget is per
// IP and form, and CORS follows the form's own allowed origins (see PublicFormHttpService).
@ApiTags('public')
@Controller('public/forms')
@Public()
export class PublicFormsController {
  constructor(
    private readonly submissions: FormSubmissionService,
    private readonly http: PublicFormHttpService,
  ) {}

  /**
   * Submits a lead through a form, as JSON or application/x-www-form-urlencoded. Answers 202 whether the
   * lead is new or merged into an existing one, or 303 to an allowed `_redirect`.
   */
  @Post(':formId/submissions')
  @RateLimit('public')
  @RouteConfig({ cors: false, [PUBLIC_FORM_ROUTE]: true })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiBody({ schema: SUBMISSION_SCHEMA })
  @ApiAcceptedResponse({ type: SubmissionReceivedDto })
  @ApiResponse({ status: HttpStatus.SEE_OTHER, description: 'Received; the browser goes on to `_redirect`.', headers: { Location: { description: 'The `_redirect` URL.', schema: { type: 'string', format: 'uri' } } } })
  @ApiNotFoundResponse({ description: 'No such form, or the form is disabled.' })
  @Problems(HTTP_PROBLEMS.notFound)
  async submit(
    @Param('formId') formId: string,
    @Body() body: unknown,
    @Query() query: Record<string, unknown>,
    @OptionalHeader('referer') referer: string | undefined,
    @OptionalHeader('origin') origin: string | undefined,
    @Ctx() ctx: RequestContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { redirect } = await this.submissions.submit(formId, body, { ctx, query, referer: referer ?? null, origin: origin ?? null });
    if (redirect) await reply.redirect(redirect, HttpStatus.SEE_OTHER);
    else await reply.code(HttpStatus.ACCEPTED).send({ received: true } satisfies SubmissionReceivedDto);
  }

  // CORS preflight, answered here rather than by the global CORS plugin, which knows only CORS_ORIGINS.
  @Options(':formId/submissions')
  @RouteConfig({ cors: false, [PUBLIC_FORM_ROUTE]: true })
  @ApiExcludeEndpoint()
  preflight(@Res() reply: FastifyReply): void {
    this.http.preflight(reply);
  }
}
