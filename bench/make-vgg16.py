# bench/make-vgg16.py — owns: exporting a VGG-16-architecture ONNX model (random weights) for `npm run bench`.
#
# Pretrained VGG-16 weights cannot be downloaded on these machines, so this builds torchvision's
# VGG-16 with random (seeded) weights and exports it shaped like the ONNX Model Zoo's vgg16-12.onnx:
#   opset 12, input 'data' float32 [1,3,224,224] (STATIC batch 1), output 'vgg0_dense2_fwd' [1,1000],
#   classifier Gemm(fc6) -> Relu -> [Dropout] -> Gemm(fc7) -> Relu -> [Dropout] -> Gemm(fc8).
# Speed is what the bench measures with it; the weights are meaningless.
#
# Needs Debian's python3-torchvision (run with /usr/bin/python3, not a pyenv python).
# Usage: /usr/bin/python3 bench/make-vgg16.py OUT.onnx
# Writes OUT.onnx.<pid>.tmp then renames, so a half-written file never looks finished.
import inspect
import os
import sys
import time

EXIT_MISSING = 3


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: make-vgg16.py OUT.onnx", file=sys.stderr)
        return 2
    out = sys.argv[1]
    try:
        import torch
        import torchvision
    except ImportError as e:
        print(
            f"make-vgg16.py: cannot import torch/torchvision ({e}); "
            "install it with apt-get install python3-torchvision",
            file=sys.stderr,
        )
        return EXIT_MISSING

    t0 = time.time()
    torch.manual_seed(16)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    # weights=None: random init, nothing downloaded. (torchvision >= 0.13 API; older uses pretrained=False.)
    try:
        model = torchvision.models.vgg16(weights=None)
    except TypeError:
        model = torchvision.models.vgg16(pretrained=False)
    # Closer to the zoo graph: at 224 px the features are already 7x7, so torchvision's adaptive average
    # pool is a no-op; drop it (the zoo file goes Flatten -> Gemm fc6 directly).
    model.avgpool = torch.nn.Identity()
    # torchvision initialises every bias to 0; identical zero tensors get deduplicated by the exporter into
    # Identity nodes the zoo file does not have. Small random biases keep one initializer per layer.
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)) and m.bias is not None:
                m.bias.normal_(0.0, 0.01)
    model.eval()
    dummy = torch.rand(1, 3, 224, 224)

    tmp = f"{out}.{os.getpid()}.tmp"
    kwargs = dict(
        export_params=True,
        opset_version=12,
        do_constant_folding=True,
        input_names=["data"],
        output_names=["vgg0_dense2_fwd"],
        # no dynamic_axes: static batch of 1, like the zoo file
    )
    # Newer torch (>= 2.5) may default to the dynamo exporter, which needs onnxscript: force the legacy
    # TorchScript one where the option exists (Debian bookworm's torch 1.13 only has the legacy one).
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False
    with torch.no_grad():
        torch.onnx.export(model, dummy, tmp, **kwargs)
    os.replace(tmp, out)
    size = os.path.getsize(out)
    print(
        f"make-vgg16.py: wrote {out} ({size} bytes) with torch {torch.__version__}, "
        f"torchvision {torchvision.__version__} in {time.time() - t0:.1f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
