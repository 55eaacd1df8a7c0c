/** The appointment code pad: six digits, no more. */
export const CODE_LENGTH = 6;

export type PadKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | 'delete' | 'clear';

export function pressKey(code: string, key: PadKey): string {
  if (key === 'clear') return '';
  if (key === 'delete') return code.slice(0, -1);
  return code.length >= CODE_LENGTH ? code : code + key;
}

export function isComplete(code: string): boolean {
  return new RegExp(`^\\d{${CODE_LENGTH}}$`).test(code);
}
