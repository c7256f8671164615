// The extension's icon: a white check on a rounded square in the product's accent colour
// (--accent in extension/ui/page.css). Drawn here from geometry, not from an SVG or a
// font, so the same PNGs come out on any machine without an image library.
//
//   node scripts/icons.mjs      writes extension/public/icon/{16,32,48,128}.png
//
// tests/unit/icons.test.ts checks the committed files still match this drawing.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

export const ICON_SIZES = [16, 32, 48, 128];
export const ICON_DIR = fileURLToPath(new URL('../extension/public/icon/', import.meta.url));

/** @typedef {[number, number]} Point */

const ACCENT = [0x0f, 0x76, 0x6e];
const WHITE = [0xff, 0xff, 0xff];
// The check, in the square's own 0..1 coordinates: short stroke down, long stroke up.
/** @type {Point[]} */
const CHECK = [[0.27, 0.53], [0.43, 0.69], [0.74, 0.35]];

/**
 * Chrome's store asks for 96 px of artwork inside the 128 px icon; the toolbar sizes use
 * almost all of their few pixels.
 * @param {number} size
 */
function padding(size) {
  return size >= 128 ? 16 : size >= 48 ? 3 : size >= 32 ? 2 : 1;
}

/**
 * @param {number} px
 * @param {number} py
 * @param {Point} a
 * @param {Point} b
 */
function segmentDistance(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  const ex = px - (ax + t * dx);
  const ey = py - (ay + t * dy);
  return Math.sqrt(ex * ex + ey * ey);
}

/**
 * @param {number} px
 * @param {number} py
 * @param {number} centre
 * @param {number} half
 * @param {number} radius
 */
function roundedSquareDistance(px, py, centre, half, radius) {
  const qx = Math.abs(px - centre) - (half - radius);
  const qy = Math.abs(py - centre) - (half - radius);
  const ox = Math.max(qx, 0);
  const oy = Math.max(qy, 0);
  return Math.sqrt(ox * ox + oy * oy) + Math.min(Math.max(qx, qy), 0) - radius;
}

/**
 * Coverage of a pixel by a shape from its signed distance (px): a one-pixel soft edge.
 * @param {number} distance
 */
const coverage = (distance) => Math.max(0, Math.min(1, 0.5 - distance));

/**
 * RGBA pixels (not premultiplied), row by row.
 * @param {number} size
 * @returns {Uint8Array}
 */
export function renderIcon(size) {
  const pad = padding(size);
  const box = size - 2 * pad;
  const half = box / 2;
  const centre = size / 2;
  const radius = box * 0.22;
  const stroke = Math.max(box * 0.12, 2);
  const points = CHECK.map(([x, y]) => /** @type {Point} */ ([pad + x * box, pad + y * box]));
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      const square = coverage(roundedSquareDistance(px, py, centre, half, radius));
      const check = coverage(Math.min(segmentDistance(px, py, points[0], points[1]), segmentDistance(px, py, points[1], points[2])) - stroke / 2);
      const i = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) pixels[i + c] = Math.round(ACCENT[c] + (WHITE[c] - ACCENT[c]) * check);
      pixels[i + 3] = Math.round(255 * square);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** @param {Uint8Array} bytes */
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * @param {string} type
 * @param {Buffer} data
 */
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * A minimal 8-bit RGBA PNG: one IDAT, no filtering.
 * @param {number} size
 * @param {Uint8Array} pixels
 * @returns {Buffer}
 */
export function encodePng(size, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rows.set(pixels.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(ICON_DIR, { recursive: true });
  for (const size of ICON_SIZES) {
    const file = join(ICON_DIR, `${size}.png`);
    writeFileSync(file, encodePng(size, renderIcon(size)));
    console.log(`wrote ${file}`);
  }
}
