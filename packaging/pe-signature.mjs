// Removes the Authenticode signature of a Windows PE file (what `osslsigncode remove-signature` does), so that
// packaging needs no tool outside npm: the certificate table at the end of the file is cut off, its entry in the
// optional header's data directories is zeroed, and the header checksum is computed again.
// Reference: Microsoft's PE format specification ("The Attribute Certificate Table", "Optional Header Data
// Directories": entry 4, whose address is a file offset; "CheckSum").

const SECURITY_DIRECTORY = 4;

/** Where the fields are, or an error naming what is wrong with the file. */
export function peLayout(buffer) {
  if (buffer.length < 0x40 || buffer.readUInt16LE(0) !== 0x5a4d) throw new Error('not a PE file: no MZ header');
  const pe = buffer.readUInt32LE(0x3c);
  if (pe + 24 > buffer.length || buffer.readUInt32LE(pe) !== 0x00004550) throw new Error('not a PE file: no PE signature');
  const optional = pe + 24;
  const magic = buffer.readUInt16LE(optional);
  const directories = magic === 0x20b ? optional + 112 : magic === 0x10b ? optional + 96 : undefined;
  if (directories === undefined) throw new Error(`unknown optional header magic 0x${magic.toString(16)}`);
  const count = buffer.readUInt32LE(directories - 4);
  if (count <= SECURITY_DIRECTORY) throw new Error('no security directory entry');
  const security = directories + SECURITY_DIRECTORY * 8;
  return { checksumOffset: optional + 64, securityOffset: security, certificates: { offset: buffer.readUInt32LE(security), size: buffer.readUInt32LE(security + 4) } };
}

/** The PE checksum: 16-bit one's-complement-style sum of the file, the checksum field counted as 0, plus its length. */
export function peChecksum(buffer, checksumOffset) {
  let sum = 0;
  const end = buffer.length - (buffer.length % 2);
  for (let i = 0; i < end; i += 2) {
    if (i === checksumOffset || i === checksumOffset + 2) continue;
    sum += buffer.readUInt16LE(i);
    sum = (sum & 0xffff) + (sum >>> 16);
  }
  if (buffer.length % 2) {
    sum += buffer[buffer.length - 1];
    sum = (sum & 0xffff) + (sum >>> 16);
  }
  sum = (sum & 0xffff) + (sum >>> 16);
  return (sum + buffer.length) >>> 0;
}

/** The file without its signature: a new buffer; an unsigned file comes back unchanged. */
export function removeSignature(input) {
  const { checksumOffset, securityOffset, certificates } = peLayout(input);
  if (certificates.offset === 0 && certificates.size === 0) return Buffer.from(input);
  if (certificates.offset + certificates.size !== input.length) {
    throw new Error('the certificate table is not at the end of the file; refusing to cut it out');
  }
  const output = Buffer.from(input.subarray(0, certificates.offset));
  output.writeUInt32LE(0, securityOffset);
  output.writeUInt32LE(0, securityOffset + 4);
  output.writeUInt32LE(peChecksum(output, checksumOffset), checksumOffset);
  return output;
}
