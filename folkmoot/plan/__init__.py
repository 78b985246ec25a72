"""Plan: why, what people can influence, level, who, methods, time, budget, and has this been asked before."""
