// A minimal parquet writer for tests: one row group, flat REQUIRED columns, PLAIN encoding, no
// compression. Enough to check that manifest reading goes through a real parquet decoder.
// Written from the parquet-format spec (Thrift compact protocol for the footer and page headers).

export type Column =
  | { name: string; type: 'string'; values: string[] }
  | { name: string; type: 'int64'; values: bigint[] }
  | { name: string; type: 'int32'; values: number[] };

class Compact {
  bytes: number[] = [];
  private last: number[] = [0];
  varint(n: bigint | number): void {
    let v = BigInt(n);
    while (v >= 0x80n) {
      this.bytes.push(Number((v & 0x7fn) | 0x80n));
      v >>= 7n;
    }
    this.bytes.push(Number(v));
  }
  zigzag(n: bigint | number): void {
    const v = BigInt(n);
    this.varint(v >= 0n ? v << 1n : (-v << 1n) - 1n);
  }
  field(id: number, type: number): void {
    const delta = id - this.last[this.last.length - 1];
    if (delta > 0 && delta <= 15) this.bytes.push((delta << 4) | type);
    else {
      this.bytes.push(type);
      this.zigzag(id);
    }
    this.last[this.last.length - 1] = id;
  }
  i32(id: number, v: number): void {
    this.field(id, 5);
    this.zigzag(v);
  }
  i64(id: number, v: number | bigint): void {
    this.field(id, 6);
    this.zigzag(v);
  }
  binary(id: number, s: string): void {
    this.field(id, 8);
    const b = Buffer.from(s, 'utf8');
    this.varint(b.length);
    this.bytes.push(...b);
  }
  structBegin(id?: number): void {
    if (id !== undefined) this.field(id, 12);
    this.last.push(0);
  }
  structEnd(): void {
    this.bytes.push(0);
    this.last.pop();
  }
  list(id: number, elemType: number, size: number): void {
    this.field(id, 9);
    if (size < 15) this.bytes.push((size << 4) | elemType);
    else {
      this.bytes.push(0xf0 | elemType);
      this.varint(size);
    }
  }
  /** List element values (no field header). */
  rawI32(v: number): void {
    this.zigzag(v);
  }
  rawBinary(s: string): void {
    const b = Buffer.from(s, 'utf8');
    this.varint(b.length);
    this.bytes.push(...b);
  }
}

const PHYSICAL = { int32: 1, int64: 2, string: 6 } as const;

function plainValues(c: Column): Buffer {
  const parts: Buffer[] = [];
  for (const v of c.values as (string | bigint | number)[]) {
    if (c.type === 'string') {
      const b = Buffer.from(v as string, 'utf8');
      const len = Buffer.alloc(4);
      len.writeUInt32LE(b.length);
      parts.push(len, b);
    } else if (c.type === 'int64') {
      const b = Buffer.alloc(8);
      b.writeBigInt64LE(v as bigint);
      parts.push(b);
    } else {
      const b = Buffer.alloc(4);
      b.writeInt32LE(v as number);
      parts.push(b);
    }
  }
  return Buffer.concat(parts);
}

export function writeTinyParquet(columns: Column[]): Buffer {
  const rows = columns[0]?.values.length ?? 0;
  const chunks: Buffer[] = [Buffer.from('PAR1')];
  let offset = 4;
  const metas: { col: Column; offset: number; size: number }[] = [];
  for (const col of columns) {
    const data = plainValues(col);
    const h = new Compact();
    h.structBegin();
    h.i32(1, 0); // DATA_PAGE
    h.i32(2, data.length);
    h.i32(3, data.length);
    h.structBegin(5);
    h.i32(1, rows);
    h.i32(2, 0); // PLAIN
    h.i32(3, 3); // RLE (unused: REQUIRED columns have no levels)
    h.i32(4, 3);
    h.structEnd();
    h.structEnd();
    const page = Buffer.concat([Buffer.from(h.bytes), data]);
    metas.push({ col, offset, size: page.length });
    chunks.push(page);
    offset += page.length;
  }
  const f = new Compact();
  f.structBegin();
  f.i32(1, 1); // version
  f.list(2, 12, columns.length + 1);
  f.structBegin(); // root
  f.binary(4, 'schema');
  f.i32(5, columns.length);
  f.structEnd();
  for (const c of columns) {
    f.structBegin();
    f.i32(1, PHYSICAL[c.type]);
    f.i32(3, 0); // REQUIRED
    f.binary(4, c.name);
    if (c.type === 'string') f.i32(6, 0); // UTF8
    f.structEnd();
  }
  f.i64(3, rows);
  f.list(4, 12, 1);
  f.structBegin(); // row group
  f.list(1, 12, metas.length);
  for (const m of metas) {
    f.structBegin(); // ColumnChunk
    f.i64(2, m.offset);
    f.structBegin(3); // ColumnMetaData
    f.i32(1, PHYSICAL[m.col.type]);
    f.list(2, 5, 1);
    f.rawI32(0);
    f.list(3, 8, 1);
    f.rawBinary(m.col.name);
    f.i32(4, 0); // UNCOMPRESSED
    f.i64(5, rows);
    f.i64(6, m.size);
    f.i64(7, m.size);
    f.i64(9, m.offset);
    f.structEnd();
    f.structEnd();
  }
  f.i64(
    2,
    metas.reduce((s, m) => s + m.size, 0),
  );
  f.i64(3, rows);
  f.structEnd();
  f.structEnd();
  const footer = Buffer.from(f.bytes);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(footer.length);
  chunks.push(footer, len, Buffer.from('PAR1'));
  return Buffer.concat(chunks);
}
