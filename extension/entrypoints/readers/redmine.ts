import { provideReaders } from '../../core/page/readers';
import { redmine } from '../../sites/redmine/selectors';

// Redmine's readers, run by the background into a page whose ticket script recognised a
// Redmine ticket (the script for self-hosted and enabled sites carries no tool's readers).
export default defineUnlistedScript(() => provideReaders(redmine));
