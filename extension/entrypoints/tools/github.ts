import { github as detector } from '../../../shared/tickets/tools/github';
import { mountTicketBadge } from '../../core/page/ticket-badge';
import { oneTool } from '../../sites/read';
import { github } from '../../sites/github/selectors';

// The ticket script on GitHub's pages: GitHub's detection and readers alone, not every other tool's.
// Registered for GitHub's hosts when a user enables GitHub (background/cloud-tools.ts).
export default defineUnlistedScript(() => mountTicketBadge(oneTool([detector], github)));
