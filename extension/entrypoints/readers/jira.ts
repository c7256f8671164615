import { provideReaders } from '../../core/page/readers';
import { jira } from '../../sites/jira/selectors';

// Jira's detection and readers, run by the background into a page on Jira's hosts where the
// script for self-hosted and enabled sites runs: it knows cloud tools by their hosts alone.
export default defineUnlistedScript(() => provideReaders(jira));
