import { describe, expect, it } from 'vitest';
import { pinPdfDates } from '../../src/render/pdf.js';

describe('pinPdfDates', () => {
  const pdf = (dates: string, a: string, b: string) =>
    Buffer.from(
      `%PDF-1.4\n/CreationDate (D:${dates}+00'00')\n/ModDate (D:${dates}+00'00')\n<</ID (node${a})>> <</ID (node${b})>> /Names [(node${a}) 5 0 R (node${b}) 6 0 R]\n`,
      'latin1',
    );

  it('pins the dates and renumbers structure ids by rank, keeping every length', () => {
    const date = new Date(Date.UTC(2024, 5, 30));
    // Two prints of one HTML whose node ids were off by one, at different times.
    const one = pinPdfDates(pdf('20261201101010', '00000483', '00000490'), date);
    const two = pinPdfDates(pdf('20261201111111', '00000484', '00000491'), date);
    expect(Buffer.from(one).equals(Buffer.from(two))).toBe(true);
    const text = Buffer.from(one).toString('latin1');
    expect(text).toContain("/CreationDate (D:20240630000000+00'00')");
    expect(text).toContain('/Names [(node00000001) 5 0 R (node00000002) 6 0 R]');
    expect(one.length).toBe(pdf('20261201101010', '00000483', '00000490').length);
  });
});
