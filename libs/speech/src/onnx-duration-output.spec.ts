import { describe, expect, it } from 'vitest';
import { findCeilOutputs, withExtraOutput } from './onnx-duration-output';

// Hand-built protobuf: ModelProto{ ir_version=1 (varint), graph{ node{op_type, output} x2 } }.
function len(no: number, body: number[]): number[] {
  return [(no << 3) | 2, body.length, ...body];
}
const str = (s: string) => [...Buffer.from(s)];
const node = (op: string, out: string) => len(1, [...len(2, str(out)), ...len(4, str(op))]);
const model = Uint8Array.from([0x08, 0x01, ...len(7, [...node('Mul', 'm'), ...node('Ceil', 'w_ceil')])]);

describe(findCeilOutputs.name, () => {
  it('finds the output of the Ceil node', () => {
    expect(findCeilOutputs(model)).toEqual(['w_ceil']);
  });
});

describe(withExtraOutput.name, () => {
  it('keeps every original byte and appends a graph with one more output', () => {
    const sut = withExtraOutput(model, 'w_ceil');
    expect(Array.from(sut.subarray(0, model.length))).toEqual(Array.from(model));
    expect(Array.from(sut.subarray(model.length))).toEqual(len(7, len(12, len(1, str('w_ceil')))));
    // The patched model still parses, and its nodes are unchanged.
    expect(findCeilOutputs(sut)).toEqual(['w_ceil']);
  });
});
