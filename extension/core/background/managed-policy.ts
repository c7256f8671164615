import { browser } from 'wxt/browser';
import { MatchPattern } from 'wxt/utils/match-patterns';
import { isSecureOrLocal } from '../../../shared/schemas/sign-in';
import { TOOL_SCRIPT_PREFIX } from '../contract/cloud-tools';
import { MessageError } from '../contract/errors';
import { POLICY_KEYS, type ManagedPolicy, type PolicyView, type SignInMethod } from '../contract/policy';
import { ensureRegistered, ensureUnregistered, injectInto, inOrder, registeredWith } from './cloud-tools';

/**
 * The company's policy for Steward, from managed storage (Chrome: the `3rdparty` extension
 * policy checked against public/managed_schema.json; Firefox: `3rdparty.Extensions` in
 * policies.json, checked by nobody but us). It is read fresh each time (the browser keeps
 * it; nothing here stores a copy) and applied whole or not at all.
 */

const POLICY_SCRIPT_PREFIX = 'steward-policy:';
const SIGN_IN_METHODS: readonly SignInMethod[] = ['company-account', 'invite-code'];
const MAX_SITES = 100;

const shown = (value: unknown) => JSON.stringify(value) ?? String(value);

/** A host pattern Steward can run on: http(s) with a host, as browsers' match patterns read it. */
function hostPatternProblem(pattern: unknown): string | null {
  if (typeof pattern !== 'string') return 'is not text';
  if (!/^https?:\/\/(\*|(\*\.)?[^/*]+)\/.*$/.test(pattern)) return 'is not a host pattern such as https://*.service-now.com/* or https://rt.example.com/*';
  try {
    new MatchPattern(pattern);
    return null;
  } catch {
    return 'is not a host pattern such as https://*.service-now.com/* or https://rt.example.com/*';
  }
}

/** Checks a policy as the browser handed it over; every problem is named, in words an IT department acts on. */
export function parsePolicy(raw: Record<string, unknown>): PolicyView {
  const problems: string[] = [];
  for (const key of Object.keys(raw)) {
    if (!(POLICY_KEYS as readonly string[]).includes(key)) {
      problems.push(`"${key}" is not a Steward policy setting (they are: ${POLICY_KEYS.join(', ')}). Check its spelling.`);
    }
  }
  const policy: ManagedPolicy = { allowOtherWorkspaces: true, sites: [] };

  if (raw.workerUrl !== undefined) {
    let url: URL | null = null;
    try {
      url = typeof raw.workerUrl === 'string' ? new URL(raw.workerUrl.trim()) : null;
    } catch {}
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || !url.hostname) {
      problems.push(`workerUrl must be the Steward server's full address, such as https://steward.example.com; the policy has ${shown(raw.workerUrl)}.`);
    } else if (!isSecureOrLocal(url.href)) {
      problems.push(`workerUrl must start with https:// (plain http:// only for a server on the same computer); the policy has ${shown(raw.workerUrl)}.`);
    } else {
      policy.workerUrl = url.origin + url.pathname.replace(/\/+$/, '');
    }
  }
  if (raw.workspaceId !== undefined) {
    if (typeof raw.workspaceId !== 'string' || !raw.workspaceId.trim() || raw.workspaceId.length > 64) {
      problems.push(`workspaceId must be the workspace's id as Steward's sign-in settings show it; the policy has ${shown(raw.workspaceId)}.`);
    } else policy.workspaceId = raw.workspaceId.trim();
  }
  if (raw.allowOtherWorkspaces !== undefined) {
    if (typeof raw.allowOtherWorkspaces !== 'boolean') problems.push(`allowOtherWorkspaces must be true or false; the policy has ${shown(raw.allowOtherWorkspaces)}.`);
    else policy.allowOtherWorkspaces = raw.allowOtherWorkspaces;
  }
  if (raw.signInMethod !== undefined) {
    if (!SIGN_IN_METHODS.includes(raw.signInMethod as SignInMethod)) {
      problems.push(`signInMethod must be "company-account" or "invite-code"; the policy has ${shown(raw.signInMethod)}.`);
    } else policy.signInMethod = raw.signInMethod as SignInMethod;
  }
  if (raw.sites !== undefined) {
    if (!Array.isArray(raw.sites)) problems.push(`sites must be a list of host patterns such as ["https://*.service-now.com/*"]; the policy has ${shown(raw.sites)}.`);
    else if (raw.sites.length > MAX_SITES) problems.push(`sites lists ${raw.sites.length} patterns; Steward takes at most ${MAX_SITES}.`);
    else {
      raw.sites.forEach((p, i) => {
        const problem = hostPatternProblem(p);
        if (problem) problems.push(`sites[${i}] (${shown(p)}) ${problem}.`);
      });
      policy.sites = [...new Set(raw.sites.filter((p): p is string => typeof p === 'string'))];
    }
  }
  if (policy.signInMethod === 'company-account' && (!policy.workerUrl || !policy.workspaceId) && !problems.length) {
    problems.push('signInMethod "company-account" needs workerUrl and workspaceId too: the sign-in must know which Steward server and workspace to ask.');
  }
  return problems.length ? { status: 'invalid', problems } : { status: 'ok', policy, sites: policy.sites.map((pattern) => ({ pattern, on: false })) };
}

/** The policy as the browser holds it now. No policy (Firefox says so with an error) is simply none. */
async function readRaw(): Promise<Record<string, unknown> | null> {
  try {
    const raw = (await browser.storage.managed.get()) as Record<string, unknown> | undefined;
    return raw && Object.keys(raw).length ? raw : null;
  } catch {
    return null;
  }
}

/** The checked policy, with which of its sites Steward runs on now. */
export async function policyView(): Promise<PolicyView> {
  const raw = await readRaw();
  if (!raw) return { status: 'none' };
  const view = parsePolicy(raw);
  if (view.status !== 'ok') return view;
  const scripts = await browser.scripting.getRegisteredContentScripts();
  const on = (pattern: string) => scripts.some((s) => s.id === POLICY_SCRIPT_PREFIX + pattern || (s.id.startsWith(TOOL_SCRIPT_PREFIX) && (s.matches ?? []).includes(pattern)));
  return { ...view, sites: view.policy.sites.map((pattern) => ({ pattern, on: on(pattern) })) };
}

/** The policy in force (a valid one), or null. */
async function activePolicy(): Promise<ManagedPolicy | null> {
  const raw = await readRaw();
  const view = raw ? parsePolicy(raw) : null;
  return view?.status === 'ok' ? view.policy : null;
}

/**
 * Runs the ticket script on every policy site whose hosts the browser already grants (no
 * prompt: granted at install, by the browser's own settings, or allowed once by the person),
 * and nowhere the policy no longer lists. Sites not granted yet wait for one click ("Allow").
 */
export function syncPolicySites(): Promise<PolicyView> {
  return inOrder(async () => {
    const raw = await readRaw();
    const view = raw ? parsePolicy(raw) : null;
    const wanted = view?.status === 'ok' ? view.policy.sites : [];
    // A cloud tool turned on already runs on its hosts (cloud-tools.ts): its patterns need no second script.
    const byTools = new Set((await browser.scripting.getRegisteredContentScripts())
      .filter((s) => s.id.startsWith(TOOL_SCRIPT_PREFIX)).flatMap((s) => s.matches ?? []));
    const granted: string[] = [];
    const keep = new Set<string>();
    for (const pattern of wanted) {
      if (!(await browser.permissions.contains({ origins: [pattern] }))) continue;
      granted.push(pattern);
      if (byTools.has(pattern)) continue;
      keep.add(POLICY_SCRIPT_PREFIX + pattern);
      if (await ensureRegistered(POLICY_SCRIPT_PREFIX + pattern, [pattern])) await injectInto([pattern]);
    }
    await ensureUnregistered((await registeredWith(POLICY_SCRIPT_PREFIX)).filter((id) => !keep.has(id)));
    if (!view) return { status: 'none' };
    if (view.status !== 'ok') return view;
    return { ...view, sites: view.policy.sites.map((pattern) => ({ pattern, on: granted.includes(pattern) })) };
  });
}

/** Refuses a connection the policy does not allow: another server, or another workspace. */
export async function checkConnectionAllowed(workerUrl: string, workspaceId?: string): Promise<void> {
  const policy = await activePolicy();
  if (!policy || policy.allowOtherWorkspaces || !policy.workerUrl) return;
  if (workerUrl !== policy.workerUrl) {
    throw new MessageError('policy', `Your company's policy lets Steward connect only to ${policy.workerUrl}.`, { workerUrl: `must be ${policy.workerUrl} (set by your company)` });
  }
  if (workspaceId && policy.workspaceId && workspaceId !== policy.workspaceId) {
    throw new MessageError('policy', "Your company's policy lets Steward connect only to your company's workspace; this code is for another one.");
  }
}

/** Follows the policy when IT changes it while the browser runs. */
export function watchPolicy(): void {
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'managed') void syncPolicySites().catch((err: unknown) => console.warn('Steward: could not apply the company policy\'s sites', err));
  });
}
