export interface PeLayout {
  checksumOffset: number;
  securityOffset: number;
  certificates: { offset: number; size: number };
}
export function peLayout(buffer: Buffer): PeLayout;
export function peChecksum(buffer: Buffer, checksumOffset: number): number;
export function removeSignature(input: Buffer): Buffer;
