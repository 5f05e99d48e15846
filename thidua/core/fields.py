"""Text fields that store Vietnamese in one canonical form (NFC, trimmed).

The same word typed on a Mac (often NFD) and on Windows (NFC) must be the same stored value,
or search, uniqueness and sorting silently break.
"""

import unicodedata

from django.db import models

from thidua.core.vntext import nfc


class _NormalisingMixin:
    def to_python(self, value):
        value = super().to_python(value)  # type: ignore[misc]
        return self._normalise(value) if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)  # type: ignore[attr-defined]
        if isinstance(value, str):
            value = self._normalise(value)
            setattr(model_instance, self.attname, value)  # type: ignore[attr-defined]
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)  # type: ignore[misc]
        return self._normalise(value) if isinstance(value, str) else value

    def _normalise(self, value: str) -> str:
        return nfc(value)


class NFCCharField(_NormalisingMixin, models.CharField):
    pass


class NFCTextField(_NormalisingMixin, models.TextField):
    """Multi-line text: NFC, but keeps line breaks (only trims the ends)."""

    def _normalise(self, value: str) -> str:
        return unicodedata.normalize("NFC", value).strip()
