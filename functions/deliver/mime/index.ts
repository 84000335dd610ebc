// RFC 5322/2045 message building with header safety; see message.ts.
export { decodeQuotedPrintable, quotedPrintable, toCrlf } from './encoding.js';
export {
  assertHeaderName,
  assertHeaderValue,
  encodeWords,
  foldHeader,
  formatMailbox,
  isAddrSpec,
  type Mailbox,
  parseMailbox,
  unstructured,
} from './headers.js';
export { buildMimeMessage, formatDate, type MimeInput } from './message.js';
