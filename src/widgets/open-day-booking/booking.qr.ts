/**
 * The booking code as a QR code, drawn as SVG: one path of dark modules inside the quiet zone of
 * four modules that the standard asks for, dark on white whatever the theme, so a phone's camera
 * and the door's 2D scanner read it. Encoded by lean-qr's small build (ISO 18004); the booking
 * form imports this module with its confirmation step only, so the loader build fetches it then.
 */
import { correction, generate } from 'lean-qr/nano';
import { svg, type SVGTemplateResult } from 'lit';

/** Modules of white around the code. */
const QUIET = 4;

/** The path of the dark modules of `text`'s QR code (medium error correction), and its size in modules. */
export function qrPath(text: string): { size: number; d: string } {
  const code = generate(text, { minCorrectionLevel: correction.M });
  let d = '';
  for (let y = 0; y < code.size; y++) {
    for (let x = 0; x < code.size; x++) if (code.get(x, y)) d += `M${x} ${y}h1v1h-1z`;
  }
  return { size: code.size, d };
}

/** The SVG of `text`'s QR code, named for screen readers by `label`. */
export function qrCode(text: string, label: string): SVGTemplateResult {
  const { size, d } = qrPath(text);
  const box = size + 2 * QUIET;
  return svg`<svg class="qr" part="qr" viewBox="${-QUIET} ${-QUIET} ${box} ${box}" role="img" aria-label=${label} shape-rendering="crispEdges">
    <rect x="${-QUIET}" y="${-QUIET}" width="${box}" height="${box}" fill="#fff" />
    <path d=${d} fill="#000" />
  </svg>`;
}
