import type { PolicyView } from '../../core/contract/policy';

/**
 * What the company's policy decides on this browser, said where the person would otherwise
 * change it; or, for a policy Steward cannot use, what is wrong with it (none of it applies).
 */
export function PolicyNotice({ view }: { view: PolicyView | null }) {
  if (!view || view.status === 'none') return null;
  if (view.status === 'invalid') {
    return (
      <div class="notice error" role="alert" data-testid="policy-problems">
        <p>Your company's policy for Steward has {view.problems.length === 1 ? 'a problem' : 'problems'}, so none of it is applied. Tell your IT department:</p>
        <ul>{view.problems.map((p) => <li key={p}>{p}</li>)}</ul>
      </div>
    );
  }
  const { policy } = view;
  const lines = [
    policy.workerUrl && `Steward server: ${policy.workerUrl}`,
    policy.workspaceId && `Workspace: ${policy.workspaceId}`,
    policy.signInMethod && `Sign-in: ${policy.signInMethod === 'company-account' ? 'with your company account' : 'with an invite code'}`,
    policy.workerUrl && !policy.allowOtherWorkspaces && 'Connecting to other Steward servers or workspaces: not allowed',
    policy.sites.length > 0 && `Sites: ${policy.sites.join(', ')} (see Sites)`,
  ].filter((l): l is string => !!l);
  if (!lines.length) return null;
  return (
    <div class="notice" role="note" data-testid="policy">
      <p>Set by your company's policy (your IT department manages these):</p>
      <ul>{lines.map((l) => <li key={l}>{l}</li>)}</ul>
    </div>
  );
}
