// Minimal typings for fontverter (it ships none): the tests' independent WOFF decoder.
declare module 'fontverter' {
  export function convert(font: Buffer, to: 'sfnt' | 'truetype' | 'woff' | 'woff2', from?: string): Promise<Buffer>;
  export function detectFormat(font: Buffer): string;
}
