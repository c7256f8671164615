import { halopsa as detector } from '../../../shared/tickets/tools/halopsa';
import { provideReaders } from '../../core/page/readers';
import { halopsa } from '../../sites/halopsa/selectors';

// HaloPSA's detection and readers, run by the background into a page on HaloPSA's hosts where the
// script for self-hosted and enabled sites runs: it knows cloud tools by their hosts alone.
export default defineUnlistedScript(() => provideReaders(halopsa, [detector]));
