export const ICON_SIZES: number[];
export const ICON_DIR: string;
export function renderIcon(size: number): Uint8Array;
export function encodePng(size: number, pixels: Uint8Array): Buffer;
