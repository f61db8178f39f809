/**
 * Draws the marketplace logos: assets/logo.png (320×320) and assets/logo-small.png (128×128).
 * A teal rounded square with three sorted bars (triage) and an amber badge with a check (accepted).
 * Shapes are signed distance functions sampled 4×4 per pixel, so edges are anti-aliased at both sizes.
 * Run: npx tsx scripts/make-logos.ts [assets-dir]
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

type Rgb = readonly [number, number, number];
interface Shape {
  /** Negative inside, positive outside; units of the unit square. */
  distance(x: number, y: number): number;
  color(x: number, y: number): Rgb;
}

const TEAL_TOP: Rgb = [0x17, 0x7e, 0x85];
const TEAL_BOTTOM: Rgb = [0x0b, 0x4a, 0x52];
const WHITE: Rgb = [0xff, 0xff, 0xff];
const AMBER: Rgb = [0xf5, 0xa6, 0x23];

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

function roundedSquare(radius: number): (x: number, y: number) => number {
  return (x, y) => {
    const qx = Math.abs(x - 0.5) - (0.5 - radius);
    const qy = Math.abs(y - 0.5) - (0.5 - radius);
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
  };
}

function capsule(ax: number, ay: number, bx: number, by: number, thickness: number): (x: number, y: number) => number {
  return (x, y) => {
    const px = x - ax;
    const py = y - ay;
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
    return Math.hypot(px - dx * t, py - dy * t) - thickness / 2;
  };
}

function circle(cx: number, cy: number, radius: number): (x: number, y: number) => number {
  return (x, y) => Math.hypot(x - cx, y - cy) - radius;
}

const background = (x: number, y: number): Rgb => mix(TEAL_TOP, TEAL_BOTTOM, y);
const solid = (color: Rgb) => () => color;

/** Painted in order: later shapes cover earlier ones. */
const SHAPES: readonly Shape[] = [
  { distance: roundedSquare(0.2), color: background },
  { distance: capsule(0.22, 0.3, 0.78, 0.3, 0.09), color: solid(WHITE) },
  { distance: capsule(0.22, 0.47, 0.6, 0.47, 0.09), color: solid(WHITE) },
  { distance: capsule(0.22, 0.64, 0.42, 0.64, 0.09), color: solid(WHITE) },
  { distance: circle(0.7, 0.69, 0.2), color: background },
  { distance: circle(0.7, 0.69, 0.16), color: solid(AMBER) },
  { distance: capsule(0.625, 0.695, 0.68, 0.75, 0.05), color: solid(WHITE) },
  { distance: capsule(0.68, 0.75, 0.78, 0.625, 0.05), color: solid(WHITE) },
];

const SAMPLES = 4;

/** Renders the logo at `size`×`size` pixels with a transparent outside. */
export function drawLogo(size: number): PNG {
  const png = new PNG({ width: size, height: size });
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let red = 0;
      let green = 0;
      let blue = 0;
      let alpha = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = (px + (sx + 0.5) / SAMPLES) / size;
          const y = (py + (sy + 0.5) / SAMPLES) / size;
          let color: Rgb | null = null;
          for (const shape of SHAPES) if (shape.distance(x, y) <= 0) color = shape.color(x, y);
          if (color) {
            red += color[0];
            green += color[1];
            blue += color[2];
            alpha += 1;
          }
        }
      }
      const index = (py * size + px) * 4;
      // Average colour over covered samples; coverage becomes alpha.
      png.data[index] = alpha ? Math.round(red / alpha) : 0;
      png.data[index + 1] = alpha ? Math.round(green / alpha) : 0;
      png.data[index + 2] = alpha ? Math.round(blue / alpha) : 0;
      png.data[index + 3] = Math.round((alpha / (SAMPLES * SAMPLES)) * 255);
    }
  }
  return png;
}

/** The sizes Zendesk's marketplace requires. */
export const LOGOS = [
  { file: 'logo.png', size: 320 },
  { file: 'logo-small.png', size: 128 },
] as const;

export function writeLogos(assetsDir: string): void {
  for (const { file, size } of LOGOS) writeFileSync(resolve(assetsDir, file), PNG.sync.write(drawLogo(size)));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const assetsDir = resolve(process.argv[2] ?? 'assets');
  writeLogos(assetsDir);
  console.log(`wrote ${LOGOS.map((logo) => logo.file).join(', ')} to ${assetsDir}`);
}
