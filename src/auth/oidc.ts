import * as client from 'openid-client';
import { z } from 'zod';
import { SchoolgateError } from '../errors';

/**
 * Sign-in with Microsoft Entra ID (OpenID Connect, authorization code flow with PKCE) through openid-client, a
 * certified OIDC relying party. Entra is just the issuer here: `https://login.microsoftonline.com/<tenant>/v2.0`,
 * so a single tenant is enforced by the issuer check on every ID token. The provider's metadata is fetched on the
 * first sign-in, not at start, so Schoolgate starts without the network.
 */

export interface OidcSettings {
  /** https://login.microsoftonline.com/<tenant id>/v2.0 */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** PUBLIC_URL + /auth/entra/callback, registered on the app as a Web redirect URI. */
  redirectUri: string;
}

/** What is kept (in a signed, short-lived cookie) between sending the browser to Microsoft and its return. */
export const PendingSignIn = z.object({ state: z.string().min(16), nonce: z.string().min(16), verifier: z.string().min(43) });
export type PendingSignIn = z.infer<typeof PendingSignIn>;

export interface VerifiedIdentity {
  email: string;
  name: string | null;
  subject: string;
}

export class OidcSignIn {
  private config: Promise<client.Configuration> | null = null;

  constructor(private readonly settings: OidcSettings) {}

  private configuration(): Promise<client.Configuration> {
    this.config ??= client
      .discovery(new URL(this.settings.issuer), this.settings.clientId, this.settings.clientSecret)
      .catch((e: unknown) => {
        this.config = null; // try again on the next sign-in
        throw new SchoolgateError('UPSTREAM_FAILED', `Microsoft sign-in is unavailable: could not read ${this.settings.issuer}/.well-known/openid-configuration (${(e as Error).message}). Check ENTRA_TENANT_ID.`);
      });
    return this.config;
  }

  /** Where to send the browser, and what to keep until it comes back. */
  async start(): Promise<{ url: string; pending: PendingSignIn }> {
    const config = await this.configuration();
    const pending: PendingSignIn = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier() };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri,
      scope: 'openid profile email',
      response_mode: 'query',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, pending };
  }

  /** The callback: exchange the code, verify the ID token (issuer, audience, nonce, signature) and read the email. */
  async finish(query: string, pending: PendingSignIn): Promise<VerifiedIdentity> {
    const config = await this.configuration();
    // The token request must name the registered redirect URI exactly, whatever host the request came in on.
    const callbackUrl = new URL(this.settings.redirectUri);
    callbackUrl.search = query;
    let claims: client.IDToken | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (e) {
      throw new SchoolgateError('UNAUTHENTICATED', `Microsoft sign-in did not complete: ${(e as Error).message}`);
    }
    // Entra puts the sign-in address in preferred_username; `email` is an optional claim an admin may add.
    const email = [claims?.email, claims?.preferred_username, claims?.upn].find((v): v is string => typeof v === 'string' && v.includes('@'));
    if (!claims || !email) throw new SchoolgateError('UNAUTHENTICATED', 'Microsoft did not say which email address signed in (no email or preferred_username claim).');
    return { email, name: typeof claims.name === 'string' ? claims.name : null, subject: claims.sub };
  }
}
