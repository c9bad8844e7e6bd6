import { custom, generators, Issuer, type BaseClient, type IdTokenClaims } from 'openid-client';

// How long a provider's discovery document is reused before it is read again.
const DISCOVERY_TTL_MS = 10 * 60_000;
const HTTP_TIMEOUT_MS = 10_000;

custom.setHttpOptionsDefaults({ timeout: HTTP_TIMEOUT_MS });

export interface OidcClientSettings {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export interface AuthorizationRequest {
  state: string;
  nonce: string;
  codeVerifier: string;
  url: string;
}

export interface CallbackChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

// openid-client behind the few calls single sign-on makes: discovery (cached per issuer), the
// authorization URL with PKCE (S256), state and nonce, and the code exchange, which verifies the ID token
// (signature from the provider's JWKS, issuer, audience, expiry, nonce) before answering its claims.
export class OidcClients {
  private readonly issuers = new Map<string, { issuer: Issuer; until: number }>();

  private async issuer(url: string): Promise<Issuer> {
    const cached = this.issuers.get(url);
    if (cached && cached.until > Date.now()) return cached.issuer;
    const issuer = await Issuer.discover(url);
    this.issuers.set(url, { issuer, until: Date.now() + DISCOVERY_TTL_MS });
    return issuer;
  }

  private async client(settings: OidcClientSettings): Promise<BaseClient> {
    const issuer = await this.issuer(settings.issuerUrl);
    return new issuer.Client({
      client_id: settings.clientId,
      client_secret: settings.clientSecret,
      redirect_uris: [settings.redirectUri],
      response_types: ['code'],
    });
  }

  async authorizationRequest(settings: OidcClientSettings): Promise<AuthorizationRequest> {
    const client = await this.client(settings);
    const state = generators.state();
    const nonce = generators.nonce();
    const codeVerifier = generators.codeVerifier();
    const url = client.authorizationUrl({
      scope: 'openid email profile',
      response_type: 'code',
      redirect_uri: settings.redirectUri,
      code_challenge: generators.codeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { state, nonce, codeVerifier, url };
  }

  // The provider's answer at the redirect URI, checked; throws OPError (the provider said no) or RPError
  // (the answer did not verify).
  async callback(settings: OidcClientSettings, params: Record<string, string>, checks: CallbackChecks): Promise<IdTokenClaims> {
    const client = await this.client(settings);
    const tokens = await client.callback(settings.redirectUri, params, {
      state: checks.state,
      nonce: checks.nonce,
      code_verifier: checks.codeVerifier,
      response_type: 'code',
    });
    return tokens.claims();
  }
}
