import type { TicketRef } from '../../shared/schemas';
import type { CloudTool, ToolStatus } from '../core/contract/cloud-tools';

/**
 * The popup on a cloud tool's page: Steward offers the tool by name. One permission prompt
 * covers all of its cloud hosts, so every site of that tool works from then on.
 */
export function CloudToolPart({ tool, status, ticket, busy, onEnable, onDisable }: {
  tool: CloudTool;
  status: Exclude<ToolStatus, 'built-in'>;
  ticket: TicketRef | null;
  busy: boolean;
  onEnable(tool: CloudTool): void;
  onDisable(tool: CloudTool): void;
}) {
  if (status === 'on') {
    return (
      <>
        <p class="hint" data-testid="site">Steward is on for {tool.name}.{ticket ? '' : ' Open a ticket there to tag it.'}</p>
        <button type="button" disabled={busy} onClick={() => onDisable(tool)}>Disable Steward on {tool.name}</button>
      </>
    );
  }
  return (
    <>
      <p class="hint" data-testid="site">This is {tool.name}. Enable Steward on {tool.name} to tag its tickets: your browser asks once, for {tool.name}'s sites only.</p>
      <button type="button" class="primary" disabled={busy} onClick={() => onEnable(tool)}>Enable Steward on {tool.name}</button>
    </>
  );
}
