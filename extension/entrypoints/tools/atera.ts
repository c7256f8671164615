import { atera as detector } from '../../../shared/tickets/tools/atera';
import { mountTicketBadge } from '../../core/page/ticket-badge';
import { oneTool } from '../../sites/read';
import { atera } from '../../sites/atera/selectors';

// The ticket script on Atera's pages: Atera's detection and readers alone, not every other tool's.
// Registered for Atera's hosts when a user enables Atera (background/cloud-tools.ts).
export default defineUnlistedScript(() => mountTicketBadge(oneTool([detector], atera)));
