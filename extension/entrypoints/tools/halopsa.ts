import { halopsa as detector } from '../../../shared/tickets/tools/halopsa';
import { mountTicketBadge } from '../../core/page/ticket-badge';
import { oneTool } from '../../sites/read';
import { halopsa } from '../../sites/halopsa/selectors';

// The ticket script on HaloPSA's pages: HaloPSA's detection and readers alone, not every other tool's.
// Registered for HaloPSA's hosts when a user enables HaloPSA (background/cloud-tools.ts).
export default defineUnlistedScript(() => mountTicketBadge(oneTool([detector], halopsa)));
