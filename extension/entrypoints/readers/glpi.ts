import { provideReaders } from '../../core/page/readers';
import { glpi } from '../../sites/glpi/selectors';

// GLPI's readers, run by the background into a page whose ticket script recognised a
// GLPI ticket (the script for self-hosted and enabled sites carries no tool's readers).
export default defineUnlistedScript(() => provideReaders(glpi));
