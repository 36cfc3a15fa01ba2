"""Makes the reduced-precision variants of a Piper voice, next to it.

    convert_voice.py VOICE.onnx int8|fp16 OUT.onnx [--int8-ops Conv,MatMul]

int8: onnxruntime's dynamic quantization (weights stored as int8, activations quantized at
run time). Only the operator types named are quantized; the rest of the graph, including the
Ceil node whose output the runtime exposes for batch trimming, stays as it was.

fp16: onnxconverter-common's float16 conversion with keep_io_types, so the inputs (ids,
lengths, scales) and the audio output stay float32 and the runtime feeds it unchanged.
Meant for GPUs: on CPU most float16 kernels are missing and onnxruntime casts back.

Prints JSON: {"variant", "path", "bytes", "sha256", "ceil": [output names of Ceil nodes]}.
"""
import argparse
import hashlib
import json
import os
import tempfile

import numpy as np
import onnx
from onnx import numpy_helper


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def int8(src: str, dst: str, ops: list[str]) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        src,
        dst,
        op_types_to_quantize=ops,
        weight_type=QuantType.QInt8,
        per_channel=False,
        # The graph is written as one file: the voice is small enough (63 MB).
        use_external_data_format=False,
    )


def fp16(src: str, dst: str) -> None:
    from onnxconverter_common import float16

    model = onnx.load(src)
    # RandomNormalLike draws the noise; its dtype attribute stays float32 when it is blocked,
    # which keeps the sampled noise in the precision the model was trained with.
    block = list(float16.DEFAULT_OP_BLOCK_LIST) + ["RandomNormalLike"]
    own_casts = {n.name for n in model.graph.node if n.op_type == "Cast"}
    converted = float16.convert_float_to_float16(model, keep_io_types=True, op_block_list=block)
    # The converter retypes every float tensor but leaves the graph's own Cast(to=float) nodes
    # as they were, so their outputs meet float16 tensors downstream and onnxruntime refuses
    # the model. Those casts now produce float16; the casts the converter inserted around
    # inputs, outputs and blocked operators keep their float32.
    for node in converted.graph.node:
        if node.name not in own_casts:
            continue
        to = next(a for a in node.attribute if a.name == "to")
        if to.i == onnx.TensorProto.FLOAT:
            to.i = onnx.TensorProto.FLOAT16
    # It also leaves some float initializers (constants shared with blocked operators) as they
    # were: unblocked operators get a float16 copy.
    consumers: dict[str, list[onnx.NodeProto]] = {}
    for node in converted.graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    copies = []
    for init in converted.graph.initializer:
        if init.data_type != onnx.TensorProto.FLOAT:
            continue
        users = [n for n in consumers.get(init.name, []) if n.op_type not in block and n.op_type != "Cast"]
        if not users:
            continue
        half = numpy_helper.from_array(numpy_helper.to_array(init).astype(np.float16), f"{init.name}_fp16")
        copies.append(half)
        for node in users:
            node.input[:] = [half.name if i == init.name else i for i in node.input]
    converted.graph.initializer.extend(copies)
    onnx.save(converted, dst)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("variant", choices=["int8", "fp16"])
    parser.add_argument("out")
    parser.add_argument("--int8-ops", default="MatMul", help="operator types to quantize (comma list)")
    args = parser.parse_args()
    # Written beside the target and renamed, so a half-written variant is never seen.
    fd, tmp = tempfile.mkstemp(suffix=".onnx", dir=os.path.dirname(os.path.abspath(args.out)))
    os.close(fd)
    try:
        if args.variant == "int8":
            int8(args.model, tmp, [op for op in args.int8_ops.split(",") if op])
        else:
            fp16(args.model, tmp)
        model = onnx.load(tmp)
        ceil = [o for n in model.graph.node if n.op_type == "Ceil" for o in n.output]
        # mkstemp makes the file private; the voice beside it is world-readable (a worker
        # container reads the mounted voices as another user).
        os.chmod(tmp, 0o644)
        os.replace(tmp, args.out)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    print(
        json.dumps(
            {
                "variant": args.variant,
                "path": args.out,
                "bytes": os.path.getsize(args.out),
                "sha256": sha256(args.out),
                "ceil": ceil,
            }
        )
    )


if __name__ == "__main__":
    main()
