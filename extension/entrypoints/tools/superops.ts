import { superops as detector } from '../../../shared/tickets/tools/superops';
import { mountTicketBadge } from '../../core/page/ticket-badge';
import { oneTool } from '../../sites/read';
import { superops } from '../../sites/superops/selectors';

// The ticket script on SuperOps's pages: SuperOps's detection and readers alone, not every other tool's.
// Registered for SuperOps's hosts when a user enables SuperOps (background/cloud-tools.ts).
export default defineUnlistedScript(() => mountTicketBadge(oneTool([detector], superops)));
