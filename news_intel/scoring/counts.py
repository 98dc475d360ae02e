"""Precision, recall and F1 of matched spans: the counts every quote scorer keeps."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class SpanCounts:
    predicted: int = 0
    predicted_matched: int = 0
    gold: int = 0
    gold_found: int = 0

    @property
    def precision(self) -> float:
        return self.predicted_matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.gold_found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0
