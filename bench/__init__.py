"""Benchmark: ten years of a large district's data, page timings and a short HTTP load test."""
