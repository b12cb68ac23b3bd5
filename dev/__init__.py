"""Development tools that do not ship: the evaluation harness, the sample PDF maker, the demo site generator."""
