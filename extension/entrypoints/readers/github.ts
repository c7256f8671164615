import { github as detector } from '../../../shared/tickets/tools/github';
import { provideReaders } from '../../core/page/readers';
import { github } from '../../sites/github/selectors';

// GitHub's detection and readers, run by the background into a page on GitHub's hosts where the
// script for self-hosted and enabled sites runs: it knows cloud tools by their hosts alone.
export default defineUnlistedScript(() => provideReaders(github, [detector]));
