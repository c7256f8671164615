import { startBackground } from '../core/background/start';

export default defineBackground({
  type: 'module',
  main() {
    startBackground();
  },
});
