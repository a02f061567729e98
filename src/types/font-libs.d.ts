// Minimal typings for the font libraries used by src/render/fonts.ts (they ship none).
declare module 'subset-font' {
  export default function subsetFont(
    font: Buffer,
    text: string,
    opts?: { targetFormat?: 'sfnt' | 'truetype' | 'woff' | 'woff2'; preserveNameIds?: number[] },
  ): Promise<Buffer>;
}
declare module 'fontverter' {
  export function convert(font: Buffer, to: 'sfnt' | 'truetype' | 'woff' | 'woff2', from?: string): Promise<Buffer>;
  export function detectFormat(font: Buffer): string;
}
