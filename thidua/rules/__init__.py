"""Pure-Python rules: ranking math and eligibility. Imports nothing of ours and no Django."""
