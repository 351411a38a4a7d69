"""A reader of the errata binary frame written from docs/wire/binary.md alone, with
Python's struct: it knows nothing of errata's code. Reads frames (base64, one per
line of a JSON array on stdin) and prints what each holds, or why it is refused.
"""
import base64
import json
import math
import struct
import sys

HEADER = struct.Struct(">I2sBBHBBHdHH")  # 26 bytes: the header table of binary.md
ENTRY = struct.Struct(">BI8s")  # 13 bytes: type, key length, value


def read(frame: bytes) -> dict:
    if len(frame) < HEADER.size:
        raise ValueError("shorter than its header")
    length, magic, version, flags, code, sub, reserved1, status, retry_after, entries, reserved2 = HEADER.unpack_from(frame)
    if length != len(frame) - 4:
        raise ValueError("length field does not match")
    if magic != b"ER" or version != 1:
        raise ValueError("wrong magic or version")
    if status != 0 and not 100 <= status <= 599:
        raise ValueError("status outside 100-599 and not 0")
    count = 9 if flags & 0x10 else 7
    offset = HEADER.size
    if offset + 4 * count > len(frame):
        raise ValueError("string table runs past the end")
    lengths = struct.unpack_from(">%dI" % count, frame, offset)
    offset += 4 * count
    typed = []
    if flags & 0x20:
        if offset + ENTRY.size * entries > len(frame):
            raise ValueError("entries run past the end")
        for i in range(entries):
            kind, key_len, value = ENTRY.unpack_from(frame, offset + ENTRY.size * i)
            typed.append((kind, key_len, value))
        offset += ENTRY.size * entries
    strings = []
    for n in lengths:
        if offset + n > len(frame):
            raise ValueError("strings run past the end")
        strings.append(frame[offset:offset + n].decode("utf-8"))  # raises on invalid UTF-8
        offset += n
    if offset != len(frame):
        raise ValueError("trailing bytes")
    details_bytes = frame[HEADER.size + 4 * count + ENTRY.size * len(typed):][sum(lengths[:3]):][:lengths[3]]
    if flags & 0x20:
        details = {}
        at = 0
        for kind, key_len, value in typed:
            key = details_bytes[at:at + key_len].decode("utf-8")
            at += key_len
            if kind == 0:
                details[key] = None
            elif kind in (1, 2):
                details[key] = kind == 2
            elif kind == 3:
                number = struct.unpack(">d", value)[0]
                if not math.isfinite(number):
                    raise ValueError("a non-finite number")
                details[key] = int(number) if number.is_integer() and abs(number) < 2**53 else number
            elif kind == 4:
                size = struct.unpack(">I", value[:4])[0]
                details[key] = details_bytes[at:at + size].decode("utf-8")
                at += size
            else:
                raise ValueError("unknown entry type")
        if at != len(details_bytes):
            raise ValueError("entries do not fill the details string")
    else:
        details = json.loads(strings[3]) if strings[3] else {}
        if not isinstance(details, dict):
            raise ValueError("details are not a JSON object")
    return {
        "flags": flags,
        "code16": code,
        "sub8": sub,
        "status": status or None,
        "retryable": bool(flags & 0x01),
        "retryAfter": retry_after if flags & 0x04 else None,
        "name": strings[0],
        "code": strings[1],
        "message": strings[2],
        "details": details,
        "requestId": strings[4] or None,
        "subcode": strings[5] or None,
        "reason": strings[6] or None,
        "suggestion": (strings[7] or None) if count == 9 else None,
        "docs": (strings[8] or None) if count == 9 else None,
    }


out = []
for encoded in json.load(sys.stdin):
    try:
        out.append({"ok": read(base64.b64decode(encoded))})
    except (ValueError, UnicodeDecodeError, struct.error) as refusal:
        out.append({"refused": str(refusal)})
print(json.dumps(out))
