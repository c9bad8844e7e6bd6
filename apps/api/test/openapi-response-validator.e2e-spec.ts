import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OpenApiResponseValidator, type OpenApiDocument, type RecordedResponse } from './support/openapi-response-validator';

// The checker the global teardown runs over all e2e traffic must itself catch what it is there for.
const document = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'libs', 'api-client', 'openapi.json'), 'utf8')) as OpenApiDocument;
const validator = new OpenApiResponseValidator(document);

const problem = (status: number, code: string) =>
  JSON.stringify({ type: `urn:hotleads:problem:${code}`, title: 'Lead not found', status, detail: 'Lead not found', code, instance: '/api/v1/leads/x', requestId: 'r1' });

function response(overrides: Partial<RecordedResponse> = {}): RecordedResponse {
  return {
    test: 'validator spec',
    method: 'GET',
    route: '/api/v1/leads/:id',
    status: 404,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', 'x-request-id': 'r1', 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '99', 'x-ratelimit-reset': '60' },
    body: problem(404, 'lead_not_found'),
    streamed: false,
    ...overrides,
  };
}

describe('OpenAPI response validator', () => {
  it('accepts a response the document describes', () => {
    expect(validator.check(response())).toEqual([]);
  });

  it('refuses a status the operation does not list', () => {
    expect(validator.check(response({ status: 418, body: problem(418, 'teapot') }))).toEqual([expect.stringContaining('status 418 is not documented')]);
  });

  it('refuses a problem code the response does not list', () => {
    expect(validator.check(response({ body: problem(404, 'saved_view_not_found') }))).toEqual([expect.stringContaining('code must be equal to one of the allowed values')]);
  });

  it('refuses a header the response does not declare, and a declared one of the wrong type', () => {
    const problems = validator.check(response({ headers: { ...response().headers, 'x-secret-debug': '1', 'x-ratelimit-remaining': 'many' } }));
    expect(problems).toHaveLength(2);
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining('header x-secret-debug is not documented'), expect.stringContaining('header x-ratelimit-remaining')]));
  });

  it('refuses a body that lacks required members or has an undocumented media type', () => {
    expect(validator.check(response({ body: JSON.stringify({ code: 'lead_not_found' }) }))).toEqual([expect.stringContaining("must have required property 'type'")]);
    expect(validator.check(response({ headers: { ...response().headers, 'content-type': 'text/html' }, body: '<p>nope</p>' }))).toEqual([
      expect.stringContaining('media type text/html is not documented'),
    ]);
  });

  it('refuses a route the document does not have', () => {
    expect(validator.check(response({ route: '/api/v1/secret-admin' }))).toEqual(['GET /api/v1/secret-admin is not in the document']);
  });
});
