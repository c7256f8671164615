import { send, type ConnectionList, type ConnectionState, type SignedIn } from '../core/contract/messages';
import { plainProblem, useSubmit } from './submit';

/** How a workspace is named in the switcher: its name, and as whom this browser is in it. */
function workspaceLabel(c: SignedIn): string {
  const as = c.member.role === 'provider' ? `${c.member.providerCompany ?? 'provider'}` : c.member.role;
  return `${c.workspace.name} (${as})${c.status === 'revoked' ? ' — sign-in ended' : ''}`;
}

/**
 * Chooses the workspace the extension works in, when this browser is signed in to more than
 * one (a provider's person working for several clients). Nothing is shown for one.
 */
export function WorkspaceSwitcher({ connections, onSwitched, id = 'workspace-switch' }: {
  connections: ConnectionList;
  onSwitched?: (state: ConnectionState) => void;
  id?: string;
}) {
  const { busy, problem, run } = useSubmit(plainProblem);
  if (connections.items.length < 2) return null;
  const choose = (e: Event) => {
    const chosen = (e.currentTarget as HTMLSelectElement).value;
    return run(async () => onSwitched?.(await send('connection:switch', { id: chosen })));
  };
  return (
    <div class="workspace-switch">
      <label for={id}>Workspace</label>
      <select id={id} value={connections.activeId ?? ''} disabled={busy} onChange={(e) => void choose(e)}>
        {connections.items.map((c) => <option key={c.id} value={c.id}>{workspaceLabel(c)}</option>)}
      </select>
      {problem && <p class="field-error" role="alert">{problem.message}</p>}
    </div>
  );
}
