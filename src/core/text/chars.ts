/** Character classes on UTF-16 code units shared by the tokenizer and the model's featurizer, so both cut words alike. */

export const isLetter = (c: number) =>
  (c >= 97 && c <= 122) ||
  (c >= 65 && c <= 90) ||
  (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) ||
  (c >= 0x370 && c <= 0x1fff) ||
  (c >= 0x3040 && c <= 0x9fff) ||
  (c >= 0xac00 && c <= 0xd7af);
export const isDigit = (c: number) => c >= 48 && c <= 57;
export const isSpace = (c: number) =>
  c === 32 ||
  (c >= 9 && c <= 13) ||
  c === 0xa0 ||
  c === 0x2028 ||
  c === 0x2029 ||
  (c >= 0x2000 && c <= 0x200b) ||
  c === 0x3000;
export const isApostrophe = (c: number) => c === 39 || c === 0x2019 || c === 0x2018;
