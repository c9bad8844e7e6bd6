// Values the global setup hands to every test worker through the environment.
export const ADMIN_URL_VAR = 'HOTLEADS_TEST_ADMIN_URL';
export const RUN_ID_VAR = 'HOTLEADS_TEST_RUN_ID';

export function testAdminUrl(): string {
  const url = process.env[ADMIN_URL_VAR];
  if (!url) throw new Error(`${ADMIN_URL_VAR} is not set: run the tests through jest with its global setup`);
  return url;
}

export function testRunId(): string {
  return process.env[RUN_ID_VAR] ?? 'local';
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
