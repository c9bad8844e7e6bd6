import { Readable } from 'node:stream';
import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import { Injectable, Logger, NotFoundException, PayloadTooLargeException, UnsupportedMediaTypeException, type OnModuleInit } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import type { AuthedContext } from '../../common/auth/request-context';
import type { ApiKeyPrincipal, UserPrincipal } from '../../common/auth/principal';
import { TenantDb } from '../../common/db/tenant-db.service';
import { InvalidTextException } from '../../common/input/invalid-text.exception';
import { toStorableText, unstorableTextFields } from '../../common/input/safe-text';
import type { FieldError } from '../../common/problem/problem.exception';
import { flattenValidationErrors, ValidationException } from '../../common/problem/validation.exception';
import { csvLine } from '../audit/audit-log-csv';
import { JobsService } from '../jobs/jobs.service';
import { LEAD_LIMITS } from '../leads/lead-input';
import { CSV_DELIMITERS, type CsvDelimiter } from './csv-sniff';
import { ImportAcceptedDto } from './dto/import-accepted.dto';
import { ImportOptionsDto } from './dto/import-options.dto';
import { ImportRowErrorDto } from './dto/import-row-error.dto';
import { LeadImportDto } from './dto/lead-import.dto';
import type { ImportMappingDto, LeadImportListDto, LeadImportSummaryDto } from './dto/lead-import-summary.dto';
import type { ListImportsQueryDto } from './dto/list-imports-query.dto';
import { parseMapping, resolveColumns, type ImportField } from './import-mapping';
import { IMPORT_JOB, IMPORT_JOB_RETRIES, type ImportJobData } from './import-job';
import { ImportMergeService } from './import-merge.service';
import { ImportReceiverService, MAX_UPLOAD_BYTES, type Received } from './import-receiver.service';
import { ImportsRepository, type ImportRow } from './imports.repository';

const ERRORS_SHOWN = 20;
const ERRORS_CSV_PAGE = 1_000;
const DEFAULT_LIST = 20;

interface Upload {
  stream: Readable;
  filename: string | null;
  // Multipart streams stop at the size limit and say so here.
  truncated?: () => boolean;
}

interface ResolvedOptions {
  mapping: Record<string, ImportField>;
  source: string;
  tags: string[];
  mode: 'create' | 'upsert';
  delimiter?: CsvDelimiter;
  encoding: NonNullable<ImportOptionsDto['encoding']>;
  filename: string | null;
}

type Caller = AuthedContext<UserPrincipal | ApiKeyPrincipal>;

@Injectable()
export class ImportsService implements OnModuleInit {
  private readonly logger = new Logger('Imports');

  constructor(
    private readonly db: TenantDb,
    private readonly repository: ImportsRepository,
    private readonly receiver: ImportReceiverService,
    private readonly merge: ImportMergeService,
    private readonly jobs: JobsService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.register<ImportJobData>(IMPORT_JOB, (data, job) => this.merge.run(data, job.retryCount), {
      concurrency: 2,
      retryLimit: IMPORT_JOB_RETRIES,
      retryDelay: 5,
      // A large file takes a while; only a crashed worker should hit this.
      expireInSeconds: 4 * 3600,
      pollingIntervalSeconds: 1,
    });
  }

  // Streams the upload into staging, answers once it is all there, and leaves the merge to a job.
  async start(ctx: Caller, request: FastifyRequest, query: ImportOptionsDto): Promise<ImportAcceptedDto> {
    if (request.isMultipart()) return this.startMultipart(ctx, request, query);
    if (!/^text\/csv\b/i.test(request.headers['content-type'] ?? '')) {
      throw new UnsupportedMediaTypeException('Send the CSV as multipart/form-data (a `file` part) or as a text/csv body');
    }
    const options = resolveOptions(query);
    return this.receive(ctx, options, { stream: request.body as Readable, filename: options.filename });
  }

  async get(ctx: Caller, id: string): Promise<LeadImportDto> {
    const { tenantId } = ctx.principal;
    return this.db.run(tenantId, async (m) => {
      const imp = await this.repository.find(m, tenantId, id);
      if (!imp) throw new NotFoundException('No such import');
      return toDto(imp, await this.repository.errors(m, tenantId, id, 0, ERRORS_SHOWN));
    });
  }

  async list(ctx: Caller, query: ListImportsQueryDto): Promise<LeadImportListDto> {
    const { tenantId } = ctx.principal;
    const rows = await this.db.run(tenantId, (m) => this.repository.latest(m, tenantId, query.limit ?? DEFAULT_LIST));
    return { data: rows.map(toSummary) };
  }

  async savedMapping(ctx: Caller): Promise<ImportMappingDto> {
    const { tenantId } = ctx.principal;
    return { mapping: await this.db.run(tenantId, (m) => this.repository.latestMapping(m, tenantId)) };
  }

  async errorsCsv(ctx: Caller, id: string): Promise<Readable> {
    const { tenantId } = ctx.principal;
    const exists = await this.db.run(tenantId, (m) => this.repository.find(m, tenantId, id));
    if (!exists) throw new NotFoundException('No such import');
    const page = (after: number) => this.db.run(tenantId, (m) => this.repository.errors(m, tenantId, id, after, ERRORS_CSV_PAGE));
    async function* lines(): AsyncGenerator<string> {
      yield csvLine(['row', 'message']);
      let after = 0;
      for (;;) {
        const errors = await page(after);
        for (const e of errors) yield csvLine([String(e.row), e.message]);
        if (errors.length < ERRORS_CSV_PAGE) return;
        after = errors[errors.length - 1].row;
      }
    }
    return Readable.from(lines(), { objectMode: false });
  }

  // Options come before the file part, since the file is read as it arrives.
  private async startMultipart(ctx: Caller, request: FastifyRequest, query: ImportOptionsDto): Promise<ImportAcceptedDto> {
    const fields: Record<string, unknown> = { ...query };
    let accepted: ImportAcceptedDto | null = null;
    const late: string[] = [];
    for await (const part of request.parts({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 20, fieldSize: 64 * 1024 } })) {
      if (part.type === 'file') {
        if (accepted || part.fieldname !== 'file') {
          late.push(part.fieldname);
          await drain(part.file);
          continue;
        }
        const file: MultipartFile = part;
        const options = resolveOptions(await validateOptions(fields));
        // A file name is not a field the caller types: cleaned rather than refused.
        const filename = file.filename ? toStorableText(file.filename) : options.filename;
        accepted = await this.receive(ctx, options, { stream: file.file, filename, truncated: () => file.file.truncated });
      } else if (accepted) {
        late.push(part.fieldname);
      } else {
        fields[part.fieldname] = fieldValue(part);
      }
    }
    if (!accepted) throw new ValidationException([{ field: 'file', message: 'a CSV file part named `file` is required' }]);
    if (late.length > 0) {
      await this.abandon(ctx, accepted.id, 'the request had parts after the file');
      throw new ValidationException(late.map((field) => ({ field, message: 'send options before the file part, and one file only' })));
    }
    return accepted;
  }

  private async receive(ctx: Caller, options: ResolvedOptions, upload: Upload): Promise<ImportAcceptedDto> {
    const { tenantId } = ctx.principal;
    const id = await this.db.run(tenantId, (m) =>
      this.repository.create(m, tenantId, {
        filename: upload.filename,
        mode: options.mode,
        mapping: options.mapping,
        defaultSource: options.source,
        defaultTags: options.tags,
        createdBy: ctx.principal.kind === 'user' ? ctx.principal.userId : null,
      }),
    );

    let received: Received;
    try {
      received = await this.receiver.receive(tenantId, id, upload.stream, { delimiter: options.delimiter, encoding: options.encoding });
      if (upload.truncated?.()) throw new PayloadTooLargeException(`The file is larger than ${MAX_UPLOAD_BYTES} bytes`);
    } catch (error) {
      await this.abandon(ctx, id, error instanceof Error ? error.message : 'the upload failed');
      throw error;
    }

    const { missing } = resolveColumns(received.header, options.mapping);
    if (missing.length > 0) {
      await this.abandon(ctx, id, 'the mapping names columns that are not in the file');
      const columns = received.header.slice(0, 50).join(', ');
      throw new ValidationException(missing.map((name) => ({ field: `mapping.${name}`, message: `no column "${name}" in the file (columns: ${columns})` })));
    }

    await this.db.run(tenantId, async (m) => {
      await this.repository.received(m, tenantId, id, received.totalRows, received.unreadableRows);
      await this.jobs.enqueue(m, IMPORT_JOB, jobData(ctx, id) satisfies ImportJobData);
    });
    return { id };
  }

  // An import that will not run: marked failed with its reason, its staged rows dropped.
  private async abandon(ctx: Caller, id: string, reason: string): Promise<void> {
    const { tenantId } = ctx.principal;
    try {
      // Often the client has just left: this must happen all the same.
      await this.db.detached(() =>
        this.db.run(tenantId, async (m) => {
          await this.repository.setStatus(m, tenantId, id, 'failed', reason.slice(0, 500));
          await this.repository.deleteAllStaged(m, tenantId, id);
        }),
      );
    } catch (error) {
      this.logger.error({ err: error, importId: id }, 'could not mark the import as failed');
    }
  }
}

async function validateOptions(fields: Record<string, unknown>): Promise<ImportOptionsDto> {
  // Multipart fields are read here, not by the body parser, so the edge's text rule is applied here.
  const unstorable = unstorableTextFields(fields);
  if (unstorable.length > 0) throw new InvalidTextException(unstorable);
  const dto = plainToInstance(ImportOptionsDto, fields);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw new ValidationException(flattenValidationErrors(errors));
  return dto;
}

function resolveOptions(dto: ImportOptionsDto): ResolvedOptions {
  const errors: FieldError[] = [];
  const parsed = parseMapping(dto.mapping);
  if ('errors' in parsed) errors.push(...parsed.errors);
  const tags = (dto.tags ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  if (tags.length > LEAD_LIMITS.tags) errors.push({ field: 'tags', message: `at most ${LEAD_LIMITS.tags} tags` });
  if (tags.some((t) => t.length > LEAD_LIMITS.tag)) errors.push({ field: 'tags', message: `each tag must be at most ${LEAD_LIMITS.tag} characters` });
  if (errors.length > 0) throw new ValidationException(errors);
  const delimiter = dto.delimiter === 'tab' ? '\t' : (dto.delimiter as CsvDelimiter | undefined);
  return {
    mapping: 'mapping' in parsed ? parsed.mapping : {},
    source: dto.source?.trim() ?? 'import',
    tags,
    mode: dto.mode ?? 'create',
    delimiter: delimiter && (CSV_DELIMITERS as readonly string[]).includes(delimiter) ? delimiter : undefined,
    encoding: dto.encoding ?? 'utf-8',
    filename: dto.filename ?? null,
  };
}

// @fastify/multipart parses a part sent as application/json; the option is a JSON string either way.
function fieldValue(part: MultipartValue): string {
  return typeof part.value === 'string' ? part.value : JSON.stringify(part.value);
}

async function drain(stream: Readable): Promise<void> {
  for await (const chunk of stream) void chunk;
}

function jobData(ctx: Caller, importId: string): ImportJobData {
  const p = ctx.principal;
  return {
    importId,
    tenantId: p.tenantId,
    actor: p.kind === 'user' ? { type: 'user', id: p.userId, label: p.email } : { type: 'api_key', id: p.apiKeyId, label: p.name },
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    requestId: ctx.requestId,
  };
}

function toSummary(imp: ImportRow): LeadImportSummaryDto {
  return {
    id: imp.id,
    status: imp.status,
    filename: imp.filename,
    mode: imp.mode,
    totalRows: imp.totalRows,
    processedRows: imp.processedRows,
    created: imp.createdCount,
    merged: imp.mergedCount,
    failed: imp.failedCount,
    error: imp.error,
    createdAt: imp.createdAt,
    finishedAt: imp.finishedAt,
  };
}

function toDto(imp: ImportRow, errors: Array<{ row: number; message: string }>): LeadImportDto {
  return {
    id: imp.id,
    status: imp.status,
    filename: imp.filename,
    mode: imp.mode,
    totalRows: imp.totalRows,
    processedRows: imp.processedRows,
    created: imp.createdCount,
    merged: imp.mergedCount,
    failed: imp.failedCount,
    error: imp.error,
    errors: errors.map((e): ImportRowErrorDto => ({ row: e.row, message: e.message })),
    createdAt: imp.createdAt,
    finishedAt: imp.finishedAt,
  };
}
