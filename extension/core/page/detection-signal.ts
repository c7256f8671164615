declare global {
  interface ImportMetaEnv {
    /** '1' in the build the browser tests load (tests/e2e/global-setup.ts); absent in every other build. */
    readonly WXT_STEWARD_E2E?: string;
  }
}

/**
 * Browser tests only: what the badge's detection concluded, on `<html data-steward-detection>`
 * — `pending` while a look at the page (and the second look a moment later) is under way,
 * then `ticket` or `none`. A test that a page gets no badge waits for `none` instead of
 * sleeping and hoping detection was done. Every use is behind `DETECTION_SIGNAL`, a constant
 * the production build folds to false, so none of it ships.
 */
export const DETECTION_SIGNAL = import.meta.env.WXT_STEWARD_E2E === '1';

export const DETECTION_ATTRIBUTE = 'data-steward-detection';

export type Detection = 'pending' | 'none' | 'ticket';

export function signalDetection(state: Detection | null): void {
  if (state) document.documentElement.setAttribute(DETECTION_ATTRIBUTE, state);
  else document.documentElement.removeAttribute(DETECTION_ATTRIBUTE);
}
