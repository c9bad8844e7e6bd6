import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { OperationObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ACCESS_KEY, type AccessRule } from '../common/auth/access.decorator';
import { STATUS_CODES } from '../common/problem/problem-details.filter';
import type { ProblemHeader, ProblemKind } from '../common/problem/problem-kind';
import { PROBLEMS_KEY } from '../common/problem/problems.decorator';
import { OPENAPI_COMPONENTS, PROBLEM_MEDIA_TYPE } from './openapi-components';
import { routeProblems, uuidParamsOf, type RouteFacts } from './route-problems';

export const OPENAPI_JSON_PATH = 'api/openapi.json';
export const OPENAPI_DOCS_PATH = 'api/docs';

const TAGS: Record<string, string> = {
  auth: 'Sign-in, sessions, password, MFA and the signed-in account.',
  users: 'Staff of the workspace and their invitations.',
  roles: 'Roles: named sets of permissions given to staff.',
  'api-keys': 'Keys for integrations, each with a set of scopes.',
  leads: 'Lead intake (idempotent, deduplicated) and triage: list, filter, change, assign, trash.',
  imports: 'CSV imports of leads, merged in the background.',
  forms: 'Web forms that websites post leads to.',
  public: 'What websites call without a credential: form submissions.',
  'saved-views': "A staff member's named lead filters.",
  events: 'Live updates as a server-sent event stream.',
  audit: 'The audit log of who changed what.',
  settings: 'Workspace settings.',
  health: 'Liveness and readiness probes for orchestrators.',
};

type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch' | 'options' | 'head' | 'trace';
const METHODS: HttpMethod[] = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Hot Leads API')
    .setDescription(
      'Capture, deduplicate and triage leads. Errors are application/problem+json (RFC 9457) with a stable `code`; ' +
        'each operation lists the codes it can answer. Every response carries `X-Request-Id`; quote it when reporting a problem.',
    )
    .setVersion('1')
    .setLicense('AGPL-3.0-only', 'https://www.gnu.org/licenses/agpl-3.0.html')
    .addServer('/', 'The server this document is served from')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'apiKey')
    .build();
  const document = SwaggerModule.createDocument(app, config, { operationIdFactory: (controller, method) => `${controller}_${method}` });
  return completeDocument(document, routeFactsOf(app));
}

// The decorators of every controller method, by the operation id the document gives it.
function routeFactsOf(app: INestApplication): Map<string, RouteFacts> {
  const facts = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const access = (Reflect.getMetadata(ACCESS_KEY, handler) ?? Reflect.getMetadata(ACCESS_KEY, controller)) as AccessRule | undefined;
        const declared = [
          ...((Reflect.getMetadata(PROBLEMS_KEY, controller) as ProblemKind[] | undefined) ?? []),
          ...((Reflect.getMetadata(PROBLEMS_KEY, handler) as ProblemKind[] | undefined) ?? []),
        ];
        facts.set(`${controller.name}_${name}`, { access, declared, uuidParams: uuidParamsOf(controller, name) });
      }
    }
  }
  return facts;
}

// Adds what the decorators of one operation cannot say: the problem responses of its codes, the headers
// every response carries, `security: []` on public routes, and the document's tags and shared components.
function completeDocument(document: OpenAPIObject, facts: Map<string, RouteFacts>): OpenAPIObject {
  const usedTags = new Set<string>();
  for (const pathItem of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = pathItem[method];
      if (!operation?.operationId) continue;
      const route = facts.get(operation.operationId);
      if (!route) throw new Error(`openapi: no controller method for operation ${operation.operationId}`);
      for (const tag of operation.tags ?? []) usedTags.add(tag);
      if (route.access?.public) operation.security = [];
      markUuidParams(operation, route.uuidParams);
      for (const parameter of operation.parameters ?? []) if ('schema' in parameter && parameter.schema) moveLengthsToItems(parameter.schema);
      typeTextBodies(operation);
      const hasInput = Boolean(operation.requestBody) || (operation.parameters ?? []).some((p) => 'in' in p && p.in !== 'header');
      addProblemResponses(operation, routeProblems(method, hasInput, route));
      for (const response of Object.values(operation.responses)) addCommonHeaders(response as ResponseObject);
    }
  }
  for (const schema of Object.values(document.components?.schemas ?? {})) {
    for (const property of Object.values((schema as SchemaObject).properties ?? {})) moveLengthsToItems(property);
  }
  document.tags = [...usedTags].sort().map((name) => ({ name, description: TAGS[name] ?? name }));
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...OPENAPI_COMPONENTS.schemas },
    headers: { ...document.components?.headers, ...OPENAPI_COMPONENTS.headers },
  };
  return document;
}

// class-validator's `@MaxLength(n, { each: true })` limits each item, but the Swagger plugin puts the limit
// on the array, where it means nothing.
function moveLengthsToItems(schema: SchemaObject | ReferenceObject): void {
  if ('$ref' in schema || schema.type !== 'array') return;
  const { maxLength, minLength } = schema;
  if (maxLength === undefined && minLength === undefined) return;
  delete schema.maxLength;
  delete schema.minLength;
  if (schema.items && !('$ref' in schema.items)) schema.items = { ...schema.items, maxLength, minLength };
}

// @ApiBody gives every media type of @ApiConsumes the same schema; a text body (a CSV file) is a string.
function typeTextBodies(operation: OperationObject): void {
  const body = operation.requestBody;
  if (!body || '$ref' in body) return;
  for (const [mediaType, content] of Object.entries(body.content)) {
    if (mediaType.startsWith('text/')) content.schema = { type: 'string', description: 'The file itself.' };
  }
}

function markUuidParams(operation: OperationObject, names: string[]): void {
  for (const parameter of operation.parameters ?? []) {
    if (!('in' in parameter) || parameter.in !== 'path' || !names.includes(parameter.name)) continue;
    parameter.schema = { type: 'string', format: 'uuid' };
  }
}

// One response per status, listing the codes it can carry; a status the route already documents keeps its
// description and headers, and one with a body of its own (a health check's 503) gets the problem body as a
// second media type.
function addProblemResponses(operation: OperationObject, kinds: ProblemKind[]): void {
  const byStatus = new Map<number, Set<string>>();
  const headersByStatus = new Map<number, Set<ProblemHeader>>();
  for (const { status, code, headers } of kinds) {
    byStatus.set(status, (byStatus.get(status) ?? new Set()).add(code));
    // Retry-After on every 429 and 503, whichever error it is.
    const implied: ProblemHeader[] = status === 429 || status === 503 ? ['Retry-After'] : [];
    headersByStatus.set(status, new Set([...(headersByStatus.get(status) ?? []), ...implied, ...(headers ?? [])]));
  }
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const existing = operation.responses[status] as ResponseObject | undefined;
    const enumerated = [...codes].sort();
    const response: ResponseObject = existing ?? { description: STATUS_CODES[status]?.[1] ?? 'Error' };
    // A status that already has a body of its own also answers problems: say which.
    if (existing?.content) response.description = `${existing.description} Or a problem: ${enumerated.map((c) => `\`${c}\``).join(', ')}.`;
    response.content = {
      ...response.content,
      [PROBLEM_MEDIA_TYPE]: {
        schema: { allOf: [{ $ref: '#/components/schemas/Problem' }, { type: 'object', properties: { code: { type: 'string', enum: enumerated } } }] },
      },
    };
    for (const name of [...(headersByStatus.get(status) ?? [])].sort()) {
      response.headers = { ...response.headers, [name]: { $ref: `#/components/headers/${name}` } };
    }
    operation.responses[status] = response;
  }
}

// Every route draws from a rate-limit budget (common/rate-limit), and every response names its request.
function addCommonHeaders(response: ResponseObject): void {
  response.headers = {
    'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' },
    'X-RateLimit-Limit': { $ref: '#/components/headers/X-RateLimit-Limit' },
    'X-RateLimit-Remaining': { $ref: '#/components/headers/X-RateLimit-Remaining' },
    'X-RateLimit-Reset': { $ref: '#/components/headers/X-RateLimit-Reset' },
    ...response.headers,
  };
}

export function mountOpenApi(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup(OPENAPI_DOCS_PATH, app, document, {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    yamlDocumentUrl: 'api/openapi.yaml',
    customSiteTitle: 'Hot Leads API',
    swaggerOptions: { persistAuthorization: false },
  });
}
