"""ThiĐua: emulation and commendation (thi đua, khen thưởng) for Vietnamese public bodies."""

__version__ = "0.1.0"
