"""The reference story as demo data. Every loader is idempotent: a second run adds nothing."""
