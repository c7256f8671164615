import { fakeBrowser } from 'wxt/testing/fake-browser';
import { dispatch } from '../../../extension/core/background/handlers';

/**
 * Pages' messages reach the real background handlers, as in the browser. Chrome carries them
 * as JSON (an `undefined` argument arrives as null, a Date as a string): so does this, both ways.
 */
export function wireBackground(): void {
  const wire = <T,>(value: T): T => (value === undefined ? value : JSON.parse(JSON.stringify(value)));
  fakeBrowser.runtime.onMessage.addListener(((message: unknown, sender: { tab?: { id?: number } }, sendResponse: (r: unknown) => void) => {
    void dispatch(wire(message), sender).then((answer) => sendResponse(wire(answer)));
    return true;
  }) as never);
}
