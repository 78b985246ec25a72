"""Distil a fine-tuned teacher encoder (finetune_teacher.py's encoder/) into a static model2vec model.

    var/distill-venv/bin/python tools/distill/distil_tuned_static.py var/teacher/encoder \
        folkmoot/understand/themes/models_store/themes-static

The result is numpy-only at prediction time (no torch), like models_store/minilm-static.
"""

import sys

from model2vec.distill import distill

encoder, out = sys.argv[1], sys.argv[2]
dims = int(sys.argv[3]) if len(sys.argv) > 3 else 128
model = distill(model_name=encoder, pca_dims=dims)
model.save_pretrained(out)
print("saved", out)
