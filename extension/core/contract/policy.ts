/**
 * The company's policy for Steward (managed storage: Chrome's `3rdparty` extension policy, or
 * Firefox's `3rdparty` enterprise policy), as the background read and checked it. Pages show
 * which settings it fixes; the background enforces them (background/managed-policy.ts).
 */

/** Every key a policy may hold; anything else is a mistake to report, not to ignore. */
export const POLICY_KEYS = ['workerUrl', 'workspaceId', 'allowOtherWorkspaces', 'signInMethod', 'sites'] as const;

export type SignInMethod = 'company-account' | 'invite-code';

export interface ManagedPolicy {
  /** The Steward server everyone connects to, normalised (no trailing slash). */
  workerUrl?: string;
  /** The workspace everyone signs in to (the company sign-in needs it). */
  workspaceId?: string;
  /** False: only the policy's server (and workspace, when set). Absent means allowed. */
  allowOtherWorkspaces: boolean;
  signInMethod?: SignInMethod;
  /** Host patterns (e.g. https://*.service-now.com/*) where Steward runs for everyone. */
  sites: string[];
}

/** A policy site, and whether Steward runs there now (the browser granted the host). */
interface PolicySite {
  pattern: string;
  on: boolean;
}

export type PolicyView =
  | { status: 'none' }
  | { status: 'ok'; policy: ManagedPolicy; sites: PolicySite[] }
  /** Nothing of an invalid policy is applied: half a policy would lock the wrong things. */
  | { status: 'invalid'; problems: string[] };
