// A strict RFC 4180 reader for tests: records of fields, CRLF line ends, "" inside quoted fields.

/** Parses CSV text as RFC 4180; throws on anything a strict reader would refuse (a bare quote, a bare LF). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`bare quote at ${i}`);
        field += text[i++];
      }
    }
    fields.push(field);
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text.startsWith('\r\n', i)) {
      records.push(fields);
      fields = [];
      i += 2;
      continue;
    }
    if (i < text.length) throw new Error(`expected , or CRLF at ${i}, found ${JSON.stringify(text[i])}`);
  }
  if (fields.length > 0) records.push(fields);
  return records;
}
