import { slackUrlProblem } from './slack-url';

describe('slackUrlProblem', () => {
  it('takes https URLs on hooks.slack.com only', () => {
    expect(slackUrlProblem('https://hooks.slack.com/services/T000/B000/XXXX', false)).toBeNull();
    expect(slackUrlProblem('http://hooks.slack.com/services/T000/B000/XXXX', false)).toBe('must use https');
    expect(slackUrlProblem('https://hooks.slack.com.evil.example/services/x', false)).toBe('must be an https URL on hooks.slack.com');
    expect(slackUrlProblem('https://hooks.slack.com:8443/services/x', false)).toBe('must be an https URL on hooks.slack.com');
    expect(slackUrlProblem('https://127.0.0.1/services/x', false)).toBe('points at a private, loopback or link-local address');
    expect(slackUrlProblem('not a url', false)).toBe('must be an absolute URL');
  });

  it('takes any http(s) URL when private networks are allowed', () => {
    expect(slackUrlProblem('http://127.0.0.1:9999/hook', true)).toBeNull();
    expect(slackUrlProblem('ftp://127.0.0.1/hook', true)).toBe('must be an http(s) URL');
  });
});
