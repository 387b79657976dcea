"""SMS gateways. Production plugs in a real provider behind the same interface; development
and tests use the file gateway, which appends one JSON line per text to var/sms.log."""

import json
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

from eenloket.core import clock


class FileSmsGateway:
    def send(self, *, to: str, text: str, reference: str) -> None:
        path = Path(settings.EENLOKET_VAR_DIR) / "sms.log"
        line = {"to": to, "text": text, "reference": reference, "at": clock.now().isoformat()}
        with path.open("a", encoding="utf-8") as file:
            file.write(json.dumps(line, ensure_ascii=False) + "\n")


def sms_gateway():
    return import_string(settings.EENLOKET_SMS_GATEWAY)()
