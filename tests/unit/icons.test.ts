import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ICON_DIR, ICON_SIZES, renderIcon } from '../../scripts/icons.mjs';

const STALE = 'the committed icon differs from scripts/icons.mjs: run `node scripts/icons.mjs`';

/** Width, height and RGBA pixels of an unfiltered 8-bit RGBA PNG (what scripts/icons.mjs writes). */
function decode(png: Buffer): { width: number; height: number; pixels: Uint8Array } {
  let offset = 8;
  let width = 0;
  let height = 0;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      expect([...body.subarray(8, 13)], 'bit depth 8, RGBA, no interlace').toEqual([8, 6, 0, 0, 0]);
    }
    if (type === 'IDAT') data.push(body);
    offset += 12 + length;
  }
  const rows = inflateSync(Buffer.concat(data));
  const pixels = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const start = y * (width * 4 + 1);
    expect(rows[start], STALE).toBe(0);
    pixels.set(rows.subarray(start + 1, start + 1 + width * 4), y * width * 4);
  }
  return { width, height, pixels };
}

describe('extension icons', () => {
  it.each(ICON_SIZES)('%i px matches the drawing', (size) => {
    const png = decode(readFileSync(join(ICON_DIR, `${size}.png`)));
    expect([png.width, png.height]).toEqual([size, size]);
    expect(Buffer.from(png.pixels).equals(Buffer.from(renderIcon(size))), STALE).toBe(true);
  });

  it('is opaque in the middle and transparent in the corners', () => {
    const size = 48;
    const pixels = renderIcon(size);
    const alpha = (x: number, y: number) => pixels[(y * size + x) * 4 + 3];
    expect(alpha(0, 0)).toBe(0);
    expect(alpha(size / 2, size / 2)).toBe(255);
  });
});
