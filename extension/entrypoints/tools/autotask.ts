import { autotask as detector } from '../../../shared/tickets/tools/autotask';
import { mountTicketBadge } from '../../core/page/ticket-badge';
import { oneTool } from '../../sites/read';
import { autotask } from '../../sites/autotask/selectors';

// The ticket script on Autotask's pages: Autotask's detection and readers alone, not every other tool's.
// Registered for Autotask's hosts when a user enables Autotask (background/cloud-tools.ts).
export default defineUnlistedScript(() => mountTicketBadge(oneTool([detector], autotask)));
