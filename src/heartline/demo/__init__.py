"""The deterministic synthetic health plan behind `heartline demo`: `heartline.demo.build.build_demo`."""
