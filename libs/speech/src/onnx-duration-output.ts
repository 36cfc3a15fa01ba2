/**
 * Exposes a Piper model's per-phoneme durations (the `w_ceil` tensor, output of its only
 * Ceil node) as an extra graph output, the edit Piper's own `patch_voice_with_alignment.py`
 * makes. With it a padded batch can be cut back into each item's exact audio.
 *
 * The edit is done on the protobuf bytes: we read just enough of ModelProto to find the
 * Ceil node, then append a second `graph` field holding one more `output`. Protobuf merges
 * repeated occurrences of an embedded message, so every original byte stays as it was.
 */
const MODEL_GRAPH = 7;
const GRAPH_NODE = 1;
const GRAPH_OUTPUT = 12;
const NODE_OUTPUT = 2;
const NODE_OP_TYPE = 4;
const VALUE_INFO_NAME = 1;
const LEN = 2;

interface Field {
  no: number;
  wire: number;
  start: number;
  end: number;
}

function readVarint(buf: Uint8Array, pos: number): [number, number] {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = buf[pos++];
    if (b === undefined) throw new Error('truncated varint');
    value += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return [value, pos];
    shift += 7;
  }
}

function* fields(buf: Uint8Array, start = 0, end = buf.length): Generator<Field> {
  let pos = start;
  while (pos < end) {
    const [key, p] = readVarint(buf, pos);
    const no = Math.floor(key / 8);
    const wire = key % 8;
    pos = p;
    switch (wire) {
      case 0:
        pos = readVarint(buf, pos)[1];
        yield { no, wire, start: pos, end: pos };
        break;
      case 1:
        pos += 8;
        break;
      case 5:
        pos += 4;
        break;
      case LEN: {
        const [len, body] = readVarint(buf, pos);
        pos = body + len;
        yield { no, wire, start: body, end: pos };
        break;
      }
      default:
        throw new Error(`unsupported protobuf wire type ${wire}`);
    }
  }
}

const text = (buf: Uint8Array, f: Field) => Buffer.from(buf.subarray(f.start, f.end)).toString('utf8');

/** Output names of every Ceil node in the model's graph. */
export function findCeilOutputs(model: Uint8Array): string[] {
  const names: string[] = [];
  for (const g of fields(model)) {
    if (g.no !== MODEL_GRAPH || g.wire !== LEN) continue;
    for (const n of fields(model, g.start, g.end)) {
      if (n.no !== GRAPH_NODE || n.wire !== LEN) continue;
      let op = '';
      const outs: string[] = [];
      for (const f of fields(model, n.start, n.end)) {
        if (f.no === NODE_OP_TYPE) op = text(model, f);
        else if (f.no === NODE_OUTPUT) outs.push(text(model, f));
      }
      if (op === 'Ceil') names.push(...outs);
    }
  }
  return names;
}

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
}

function lenField(no: number, body: Uint8Array): Uint8Array {
  return Uint8Array.from([...varint(no * 8 + LEN), ...varint(body.length), ...body]);
}

/** Returns the model with `tensor` added as a graph output. */
export function withExtraOutput(model: Uint8Array, tensor: string): Uint8Array {
  const valueInfo = lenField(VALUE_INFO_NAME, Buffer.from(tensor, 'utf8'));
  const patch = lenField(MODEL_GRAPH, lenField(GRAPH_OUTPUT, valueInfo));
  const out = new Uint8Array(model.length + patch.length);
  out.set(model, 0);
  out.set(patch, model.length);
  return out;
}
