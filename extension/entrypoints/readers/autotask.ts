import { autotask as detector } from '../../../shared/tickets/tools/autotask';
import { provideReaders } from '../../core/page/readers';
import { autotask } from '../../sites/autotask/selectors';

// Autotask's detection and readers, run by the background into a page on Autotask's hosts where the
// script for self-hosted and enabled sites runs: it knows cloud tools by their hosts alone.
export default defineUnlistedScript(() => provideReaders(autotask, [detector]));
