// Reading an sfnt (TrueType) file's tables, for tests that look inside fonts.

/** Tables by tag. */
export function tableBytes(sfnt: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (let k = 0; k < sfnt.readUInt16BE(4); k++) {
    const at = 12 + 16 * k;
    const off = sfnt.readUInt32BE(at + 8);
    out.set(sfnt.toString('latin1', at, at + 4), sfnt.subarray(off, off + sfnt.readUInt32BE(at + 12)));
  }
  return out;
}

export function tableTags(sfnt: Buffer): string[] {
  return [...tableBytes(sfnt).keys()];
}

/** Tables by tag as hex, so fonts compare by content whatever their layout. */
export function tables(sfnt: Buffer): Map<string, string> {
  return new Map([...tableBytes(sfnt)].map(([tag, b]) => [tag, b.toString('hex')]));
}

/** Line metrics layout reads: units per em, hhea ascender/descender/lineGap, OS/2 typo and win metrics, vhea. */
export function lineMetrics(sfnt: Buffer) {
  const t = tableBytes(sfnt);
  const hhea = t.get('hhea')!;
  const os2 = t.get('OS/2')!;
  const vhea = t.get('vhea');
  return {
    unitsPerEm: t.get('head')!.readUInt16BE(18),
    hhea: [hhea.readInt16BE(4), hhea.readInt16BE(6), hhea.readInt16BE(8)],
    // fsSelection, sTypoAscender/Descender/LineGap, usWinAscent/Descent
    os2: [os2.readUInt16BE(62), os2.readInt16BE(68), os2.readInt16BE(70), os2.readInt16BE(72), os2.readUInt16BE(74), os2.readUInt16BE(76)],
    // vertAscender, vertDescender, vertLineGap
    vhea: vhea ? [vhea.readInt16BE(4), vhea.readInt16BE(6), vhea.readInt16BE(8)] : null,
    weightClass: os2.readUInt16BE(4),
  };
}
