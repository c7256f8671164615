import { startBackground } from '../core/background';

export default defineBackground({
  type: 'module',
  main() {
    startBackground();
  },
});
