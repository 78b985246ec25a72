"""The teacher's soft sentiment labels: each noisy copy teaches every class the teacher gives a real chance."""

import numpy as np

from folkmoot.understand.themes.ml import data
from folkmoot.understand.themes.ml.features import Featuriser
from folkmoot.understand.themes.ml.training import SOFT_FLOOR, Teacher, _Design


def test_a_noisy_copy_teaches_each_likely_sentiment_class_weighted_by_its_probability():
    codes = ["staff_manner", "timeliness"]
    labelled = data.Labelled(
        texts=["The nurses were kind", "Waited six hours", "Kind staff but a long wait"],
        question_types=["good", "why", "why"],
        labels=[["staff_manner"], ["timeliness"], ["staff_manner", "timeliness"]],
        sentiment=[1, 5, None],
        groups=["a", "b", "c"],
    )
    probs = np.array([[0.6, 0.39, 0.01, 0.0, 0.0], [0.0, 0.0, 0.1, 0.3, 0.6]], dtype=np.float32)
    teacher = Teacher(
        texts=["The nurse was kind", "Waited six hours!"],
        question_types=["good", "why"],
        label_probs=np.array([[0.9, 0.1], [0.2, 0.8]], dtype=np.float32),
        sentiment_probs=probs,
        weight=2.0,
    )
    design = _Design(Featuriser(), labelled, codes, teacher, with_fft=False)
    # The labelled rows first (the unknown sentiment stays 0, left out when fitting), then the teacher's.
    assert design.sentiment_row.tolist() == [0, 1, 2, 3, 3, 4, 4, 4]
    assert design.sentiment.tolist() == [1, 5, 0, 1, 2, 3, 4, 5]
    assert np.allclose(design.sentiment_weight, [1, 1, 1, 1.2, 0.78, 0.2, 0.6, 1.2])
    assert probs[0, 2] < SOFT_FLOOR  # too unlikely to teach
    assert design.x.shape[0] == 5 and design.y.shape == (5, 2)
