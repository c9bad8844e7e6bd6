import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

// One response as the test app sent it (openapi-traffic.ts).
export interface RecordedResponse {
  test: string;
  method: string;
  // Fastify's route pattern (`/api/v1/leads/:id`); null when no route matched.
  route: string | null;
  status: number;
  headers: Record<string, string>;
  body?: string;
  streamed: boolean;
}

type Json = Record<string, unknown>;
interface Header {
  schema?: Json;
  $ref?: string;
}
interface MediaType {
  schema?: Json;
}
interface Response {
  headers?: Record<string, Header>;
  content?: Record<string, MediaType>;
}
interface Operation {
  responses: Record<string, Response>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Json; headers?: Record<string, Header> };
}

// Headers that belong to HTTP, CORS or the security policy rather than to the API's contract.
const TRANSPORT_HEADERS = new Set([
  'content-type',
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'date',
  'vary',
  'cache-control',
  'pragma',
  'expires',
  'content-security-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'cross-origin-embedder-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
  'permissions-policy',
]);
const isTransportHeader = (name: string) => TRANSPORT_HEADERS.has(name) || name.startsWith('access-control-');

// Routes the document leaves out on purpose: the test fixtures, the docs themselves, CORS preflights.
const UNDOCUMENTED_ROUTES = [/^\/api\/v1\/test-fixtures\//, /^\/api\/docs/, /^\/api\/openapi\./];

// The response DTOs list their members explicitly; a member they do not list is undocumented. Only the
// problem body is open (codes add members of their own, RFC 9457 extensions).
function closedSchemas(schemas: Json): Json {
  return Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => {
      const object = schema as Json;
      const open = name === 'Problem' || !object.properties || 'additionalProperties' in object;
      return [name, open ? object : { ...object, additionalProperties: false }];
    }),
  );
}

// Checks a response against the document: its status must be listed for the operation, every header it
// carries beyond HTTP's own must be declared (and match its schema), and its body must have a declared
// media type and match the schema of it.
export class OpenApiResponseValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: 'openapi', components: { ...document.components, schemas: closedSchemas(document.components?.schemas ?? {}) } });
  }

  // Problems found with one response, empty when it matches the document.
  check(response: RecordedResponse): string[] {
    if (response.route === null || response.method === 'OPTIONS' || UNDOCUMENTED_ROUTES.some((r) => r.test(response.route ?? ''))) return [];
    const path = response.route.replace(/:(\w+)/g, '{$1}');
    // Fastify answers HEAD for every GET route: the GET operation's statuses and headers, without a body.
    const method = response.method === 'HEAD' ? 'get' : response.method.toLowerCase();
    const operation = this.document.paths[path]?.[method];
    if (!operation) return [`${response.method} ${path} is not in the document`];
    const documented = operation.responses[String(response.status)] ?? operation.responses.default;
    if (!documented) return [`status ${response.status} is not documented (documented: ${Object.keys(operation.responses).join(', ')})`];
    const key = `${response.method} ${path} ${response.status}`;
    return [...this.checkHeaders(response, documented, key), ...this.checkBody(response, documented, key)];
  }

  private checkHeaders(response: RecordedResponse, documented: Response, key: string): string[] {
    const declared = new Map(Object.entries(documented.headers ?? {}).map(([name, header]) => [name.toLowerCase(), this.resolveHeader(header)]));
    const problems: string[] = [];
    for (const [name, value] of Object.entries(response.headers)) {
      if (isTransportHeader(name)) continue;
      const header = declared.get(name);
      if (!header) {
        problems.push(`header ${name} is not documented for ${response.status}`);
        continue;
      }
      if (!header.schema) continue;
      const typed = header.schema.type === 'integer' || header.schema.type === 'number' ? Number(value) : value;
      const validate = this.validator(`${key} header ${name}`, header.schema);
      if (!validate(typed)) problems.push(`header ${name}: ${JSON.stringify(value)} ${this.ajv.errorsText(validate.errors)}`);
    }
    return problems;
  }

  private checkBody(response: RecordedResponse, documented: Response, key: string): string[] {
    const contentType = response.headers['content-type'];
    const empty = response.method === 'HEAD' || (!response.streamed && (response.body === undefined || response.body === ''));
    if (!contentType) return empty ? [] : [`a body without content-type`];
    const mediaType = contentType.split(';')[0].trim().toLowerCase();
    const content = documented.content?.[mediaType];
    if (!content) {
      // An empty body under a default content type (a 204, a redirect) is no body.
      if (empty) return [];
      return [`media type ${mediaType} is not documented for ${response.status} (documented: ${Object.keys(documented.content ?? {}).join(', ') || 'no body'})`];
    }
    if (!content.schema || empty || response.body === undefined || !/[/+]json$/.test(mediaType)) return [];
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      return [`the ${mediaType} body is not JSON`];
    }
    const validate = this.validator(`${key} ${mediaType}`, content.schema);
    if (validate(body)) return [];
    const code = (body as { code?: unknown } | null)?.code;
    return [`body${typeof code === 'string' ? ` (code ${code})` : ''} does not match the schema: ${this.ajv.errorsText(validate.errors, { separator: '; ' })}`];
  }

  private resolveHeader(header: Header): Header {
    if (!header.$ref) return header;
    const name = header.$ref.replace('#/components/headers/', '');
    return this.document.components?.headers?.[name] ?? {};
  }

  // Schemas of the document point at `#/components/...`; compiled apart from it, they point at the copy
  // added under the id `openapi`.
  private validator(key: string, schema: Json): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      const rebased = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/')) as Json;
      validate = this.ajv.compile(rebased);
      this.compiled.set(key, validate);
    }
    return validate;
  }
}
