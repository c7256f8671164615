import { freshservice as detector } from '../../../shared/tickets/tools/freshservice';
import { provideReaders } from '../../core/page/readers';
import { freshservice } from '../../sites/freshservice/selectors';

// Freshservice's detection and readers, run by the background into a page on Freshservice's hosts where the
// script for self-hosted and enabled sites runs: it knows cloud tools by their hosts alone.
export default defineUnlistedScript(() => provideReaders(freshservice, [detector]));
