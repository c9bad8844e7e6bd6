import { urlProblem } from '../outbound-webhooks/network-guard';

export const SLACK_WEBHOOK_HOST = 'hooks.slack.com';

// A Slack incoming-webhook URL: https on hooks.slack.com. With WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true (tests,
// on-premises relays) any http(s) URL, under the outbound webhooks' rules. Answers why a URL is refused, or null.
export function slackUrlProblem(raw: string, allowPrivate: boolean): string | null {
  const problem = urlProblem(raw, { allowPrivate, requireHttps: !allowPrivate });
  if (problem) return problem;
  if (allowPrivate) return null;
  const url = new URL(raw);
  if (url.protocol !== 'https:' || url.hostname !== SLACK_WEBHOOK_HOST || url.port !== '') return `must be an https URL on ${SLACK_WEBHOOK_HOST}`;
  return null;
}
