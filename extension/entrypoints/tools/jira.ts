import { jira as detector } from '../../../shared/tickets/tools/jira';
import { mountTicketBadge } from '../../core/page/ticket-badge';
import { oneTool } from '../../sites/read';
import { jira } from '../../sites/jira/selectors';

// The ticket script on Jira's pages: Jira's detection and readers alone, not every other tool's.
// Registered for Jira's hosts when a user enables Jira (background/cloud-tools.ts).
export default defineUnlistedScript(() => mountTicketBadge(oneTool([detector], jira)));
