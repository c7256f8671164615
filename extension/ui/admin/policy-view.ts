import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { send } from '../../core/contract/messages';
import type { ManagedPolicy, PolicyView } from '../../core/contract/policy';

/** The company's policy as the background checked it (null while it answers). */
export function usePolicy(): { view: PolicyView | null; reload: () => Promise<void> } {
  const [view, setView] = useState<PolicyView | null>(null);
  const reload = useCallback(async () => {
    // No answer is no policy: the page works as it would without one.
    setView(await send('policy:get', {}).catch((): PolicyView => ({ status: 'none' })));
  }, []);
  useEffect(() => {
    void reload();
    // The browser may hand the policy over a moment after the page opens, and IT may change it.
    const onChanged = (_changes: unknown, area: string) => {
      if (area === 'managed') void reload();
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, [reload]);
  return { view, reload };
}

/** The policy in force: a valid one (an invalid one applies nothing). */
export const activeOf = (view: PolicyView | null): ManagedPolicy | null => (view?.status === 'ok' ? view.policy : null);
