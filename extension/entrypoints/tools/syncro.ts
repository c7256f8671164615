import { syncro as detector } from '../../../shared/tickets/tools/syncro';
import { mountTicketBadge } from '../../core/page/ticket-badge';
import { oneTool } from '../../sites/read';
import { syncro } from '../../sites/syncro/selectors';

// The ticket script on Syncro's pages: Syncro's detection and readers alone, not every other tool's.
// Registered for Syncro's hosts when a user enables Syncro (background/cloud-tools.ts).
export default defineUnlistedScript(() => mountTicketBadge(oneTool([detector], syncro)));
