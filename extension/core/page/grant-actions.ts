import { browser } from 'wxt/browser';
import type { CloudTool } from '../contract/cloud-tools';
import { errorText, MessageError } from '../contract/errors';
import { send } from '../contract/messages';
import type { PolicyView } from '../contract/policy';

/**
 * Asks the browser for hosts, inside the click that called it (browsers show a permission
 * prompt only during the user's gesture), then has the background run Steward there. In
 * Firefox the popup closes while the prompt is up; the background then finishes on its own
 * when the permission arrives (start.ts follows every grant).
 */
function ask(origins: string[], what: string): Promise<void> {
  let asked: Promise<boolean>;
  try {
    asked = browser.permissions.request({ origins });
  } catch (err) {
    asked = Promise.reject(err);
  }
  return asked.then(
    (granted) => {
      if (!granted) throw new MessageError('permission_denied', `Steward was not allowed on ${what}. To use it there, choose Enable again and click Allow when your browser asks.`);
    },
    (err: unknown) => {
      throw new MessageError('permission_denied', `Your browser did not ask for access to ${what} (${errorText(err)}). Click the button again.`);
    },
  );
}

/** "Enable Steward on ServiceNow": one prompt for all of the tool's cloud hosts. */
export function enableToolFromClick(tool: CloudTool): Promise<{ tool: string; injectedTabs: number }> {
  return ask(tool.matches, tool.name).then(() => send('tool:enable', { tool: tool.tool }));
}

/** A site the company's policy lists that the browser has not granted yet: one click to allow it. */
export function allowPolicySiteFromClick(pattern: string): Promise<PolicyView> {
  return ask([pattern], pattern).then(() => send('policy:sites', {}));
}
