import { freshdesk as detector } from '../../../shared/tickets/tools/freshdesk';
import { provideReaders } from '../../core/page/readers';
import { freshdesk } from '../../sites/freshdesk/selectors';

// Freshdesk's detection and readers, run by the background into a page on Freshdesk's hosts where the
// script for self-hosted and enabled sites runs: it knows cloud tools by their hosts alone.
export default defineUnlistedScript(() => provideReaders(freshdesk, [detector]));
