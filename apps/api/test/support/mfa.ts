import type TestAgent from 'supertest/lib/agent';
import { TotpService } from '../../src/common/crypto/totp.service';
import { signIn, type SignedIn } from './factories';
import { rememberSecret } from './log-capture';

const totp = new TotpService();
const STEP_MS = 30_000;

// The code for the current time step, or `ahead` steps later (the server accepts one step of drift, so
// `ahead = 1` gives a fresh code without waiting when the current one was already used).
export const totpCode = (secret: string, ahead = 0) => totp.generate(secret, Date.now() + ahead * STEP_MS);

export interface Enrolled {
  secret: string;
  recoveryCodes: string[];
  session: SignedIn;
}

// Signs in and turns MFA on through the API; the current time step is then used up for this user.
export async function enrolMfa(http: TestAgent, email: string, password: string): Promise<Enrolled> {
  const session = await signIn(http, email, password);
  const setup = await http.post('/api/v1/auth/mfa/setup').set(session.auth).send({}).expect(200);
  rememberSecret(setup.body.secret);
  const enabled = await http.post('/api/v1/auth/mfa/enable').set(session.auth).send({ code: totpCode(setup.body.secret) }).expect(200);
  rememberSecret(...enabled.body.recoveryCodes);
  return { secret: setup.body.secret, recoveryCodes: enabled.body.recoveryCodes, session };
}

// The password step of a sign-in that must answer with an MFA step; returns its mfaToken.
export async function passwordStep(http: TestAgent, email: string, password: string, expected: 'mfaRequired' | 'mfaEnrollmentRequired' = 'mfaRequired'): Promise<string> {
  const res = await http.post('/api/v1/auth/login').send({ email, password }).expect(200);
  if (res.body[expected] !== true || typeof res.body.mfaToken !== 'string' || res.body.accessToken) {
    throw new Error(`expected ${expected} from sign-in, got ${JSON.stringify(Object.keys(res.body))}`);
  }
  rememberSecret(res.body.mfaToken);
  return res.body.mfaToken;
}
