import { zendesk as detector } from '../../../shared/tickets/tools/zendesk';
import { provideReaders } from '../../core/page/readers';
import { zendesk } from '../../sites/zendesk/selectors';

// Zendesk's detection and readers, run by the background into a page on Zendesk's hosts where the
// script for self-hosted and enabled sites runs: it knows cloud tools by their hosts alone.
export default defineUnlistedScript(() => provideReaders(zendesk, [detector]));
