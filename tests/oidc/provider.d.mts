import type { JWK } from 'jose';

/**
 * The provider's accounts (the login is the subject): alice, carol and dave at acme.test, bob at
 * elsewhere.test. Its clients: `steward-test` (public, PKCE) and `steward-confidential` (secret
 * `test-client-secret-0123456789`). `POST <issuer>/test/accounts/<login>` with `{ "email": … }`
 * changes an address; `<issuer>/no-keys` is an issuer whose discovery has no jwks_uri.
 */
export interface TestOidcProvider {
  issuer: string;
  /** The provider's signing key (private): tests sign tokens with it that the provider never would (expired, another audience). */
  signingKey: JWK;
  close(): Promise<void>;
}

export function startOidcProvider(redirectUris?: string[]): Promise<TestOidcProvider>;
