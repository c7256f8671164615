import type { JWK } from 'jose';

/** The login is the subject. `POST <issuer>/test/accounts/<login>` with `{ "email": … }` changes an address. */
export const OIDC_ACCOUNTS: Record<'alice' | 'bob' | 'carol' | 'dave', { email: string; name: string }>;
export type OidcLogin = keyof typeof OIDC_ACCOUNTS;
export const OIDC_CLIENT_ID: string;
export const OIDC_CONFIDENTIAL_CLIENT: { id: string; secret: string };
export const TEST_REDIRECT_URI: string;

export interface TestOidcProvider {
  issuer: string;
  /** The provider's signing key (private): tests sign tokens with it that the provider never would (expired, another audience). */
  signingKey: JWK;
  close(): Promise<void>;
}

export function startOidcProvider(redirectUris?: string[]): Promise<TestOidcProvider>;
