/**
 * The text of a saved page file, decoded as a browser decodes a page that
 * came without an HTTP charset: a byte order mark first, else the charset
 * its `<meta>` declares in the first 1,024 bytes, else UTF-8. (The HTML
 * standard's last resort is windows-1252, which garbles the Chinese of pages
 * saved by today's browsers; UTF-8 is what they write.) So a page saved from
 * a GBK or GB18030 site reads as it did in the browser.
 */

const PRESCAN_BYTES = 1024;
// `<meta charset="gbk">` and `<meta http-equiv="Content-Type" content="text/html; charset=gbk">`.
const META_CHARSET = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i;

export function decodePage(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  const head = new TextDecoder('windows-1252').decode(bytes.subarray(0, PRESCAN_BYTES));
  return new TextDecoder(declaredEncoding(head)).decode(bytes);
}

/** The encoding a `<meta>` names, if the platform knows it; UTF-8 otherwise. */
function declaredEncoding(head: string): string {
  const label = META_CHARSET.exec(head)?.[1];
  if (!label) return 'utf-8';
  let encoding: string;
  try {
    encoding = new TextDecoder(label).encoding;
  } catch {
    return 'utf-8'; // an unknown label
  }
  // A <meta> cannot truthfully declare UTF-16 (it would not be readable as ASCII): the standard reads UTF-8.
  return encoding.startsWith('utf-16') ? 'utf-8' : encoding;
}
