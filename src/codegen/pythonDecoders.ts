/**
 * The Python target's `_decode` for each wire format: the body as errata/wire
 * writes it, read into the fields `from_response` builds an exception from. A body
 * in another shape raises ValueError, which `from_response` turns into HTTP_<status>.
 */
import type { Catalog } from "../catalog/model.js";
import { ERRATA_DETAILS_TYPE } from "../wire/formats/google.js";

/** Python source of `_decode(body)`, by format. */
export const DECODERS: Record<Catalog["format"], string> = {
  problem: `def _decode(body: Any) -> Dict[str, Any]:
    if not isinstance(body, dict):
        raise ValueError("a problem document is a JSON object")
    instance = _str(body.get("instance"))
    request_id = _str(body.get("requestId"))
    if request_id is None and instance and instance.lower().startswith("urn:uuid:"):
        request_id = instance[9:]
    return {
        "code": _str(body.get("code")), "name": _str(body.get("name")),
        "message": _str(body.get("detail")) or _str(body.get("title")), "status": _int(body.get("status")),
        "details": _dict(body.get("details")), "retryable": _bool(body.get("retryable")),
        "retry_after": _num(body.get("retryAfter")), "subcode": _str(body.get("subcode")),
        "reason": _str(body.get("reason")), "request_id": request_id,
    }`,
  jsonapi: `def _decode(body: Any) -> Dict[str, Any]:
    errors = body.get("errors") if isinstance(body, dict) else None
    first = errors[0] if isinstance(errors, list) and errors and isinstance(errors[0], dict) else None
    if first is None:
        raise ValueError("a JSON:API error document needs a non-empty errors array")
    meta = _dict(first.get("meta")) or {}
    status = first.get("status")
    return {
        "code": _str(first.get("code")), "name": _str(meta.get("name")),
        "message": _str(first.get("detail")) or _str(first.get("title")),
        "status": int(status) if isinstance(status, str) and status.isdigit() else _int(status),
        "details": _dict(meta.get("details")), "retryable": _bool(meta.get("retryable")),
        "retry_after": _num(meta.get("retryAfter")), "subcode": _str(meta.get("subcode")),
        "reason": _str(meta.get("reason")), "request_id": _str(meta.get("requestId")) or _str(first.get("id")),
    }`,
  google: `_TYPE = "type.googleapis.com/google.rpc."
_ERRATA_TYPE = ${JSON.stringify(ERRATA_DETAILS_TYPE)}


def _decode(body: Any) -> Dict[str, Any]:
    error = _dict(body.get("error")) if isinstance(body, dict) else None
    if error is None:
        raise ValueError("a Google error needs an error object")
    by_type: Dict[str, Dict[str, Any]] = {}
    for item in error.get("details") or []:
        if isinstance(item, dict) and isinstance(item.get("@type"), str):
            by_type.setdefault(item["@type"], item)
    info = by_type.get(_TYPE + "ErrorInfo", {})
    # An earlier errata's own Any, else ErrorInfo's metadata (errata's hints marked by errataRetryable).
    own = by_type.get(_ERRATA_TYPE, {})
    meta = _dict(info.get("metadata")) or {}
    hinted = meta.get("errataRetryable") in ("true", "false")
    hint = (lambda key: _str(meta.get(key))) if hinted else (lambda key: None)
    delay = _str(by_type.get(_TYPE + "RetryInfo", {}).get("retryDelay"))
    seconds = _num(float(delay[:-1])) if delay and re.fullmatch(r"\\d+(\\.\\d+)?s", delay) else None
    details = {k: v for k, v in meta.items() if k != "code" and not (hinted and k.startswith("errata"))}
    return {
        "code": _str(own.get("code")) or _str(meta.get("code")) or _str(info.get("reason")),
        "name": _str(info.get("reason")), "message": _str(error.get("message")), "status": _int(error.get("code")),
        "details": _dict(own.get("details")) if "details" in own else details,
        "retryable": _bool(own.get("retryable")) if own else (hint("errataRetryable") == "true" if hinted else None),
        "retry_after": seconds,
        "subcode": _str(own.get("subcode")) or hint("errataSubcode"),
        "reason": _str(own.get("reason")) or hint("errataReason"),
        "request_id": _str(by_type.get(_TYPE + "RequestInfo", {}).get("requestId")),
        "localized": _localized(by_type.get(_TYPE + "LocalizedMessage", {})),
    }


def _localized(item: Dict[str, Any]) -> Optional[Dict[str, str]]:
    """AIP-193's LocalizedMessage: the message in the caller's language."""
    locale, message = _str(item.get("locale")), _str(item.get("message"))
    return {"locale": locale, "message": message} if locale and message is not None else None`,
  envelope: `def _decode(body: Any) -> Dict[str, Any]:
    error = _dict(body.get("error")) if isinstance(body, dict) else None
    if error is None or _str(error.get("code")) is None:
        raise ValueError("an envelope needs error.code")
    meta = _dict(body.get("meta")) or {}
    return {
        "code": _str(error.get("code")), "name": _str(meta.get("name")), "message": _str(error.get("message")),
        "status": _int(meta.get("status")), "details": _dict(error.get("details")),
        "retryable": _bool(meta.get("retryable")), "retry_after": _num(meta.get("retryAfter")),
        "subcode": _str(error.get("subcode")), "reason": _str(error.get("reason")),
        "request_id": _str(meta.get("requestId")),
    }`,
  flat: `def _decode(body: Any) -> Dict[str, Any]:
    if not isinstance(body, dict) or _str(body.get("code")) is None:
        raise ValueError("a flat error body needs a code")
    details = body.get("details")
    return {
        "code": _str(body.get("code")), "name": _str(body.get("name")), "message": _str(body.get("error")),
        "status": _int(body.get("status")),
        "details": _dict(details) or ({"context": details} if isinstance(details, str) else None),
        "retryable": _bool(body.get("retryable")), "retry_after": _num(body.get("retry_after")),
        "subcode": _str(body.get("subcode")), "reason": _str(body.get("reason")),
        "request_id": _str(body.get("trace_id")),
    }`,
  jsonrpc: `def _decode(body: Any) -> Dict[str, Any]:
    error = _dict(body.get("error")) if isinstance(body, dict) else None
    if error is None or not isinstance(error.get("code"), int):
        raise ValueError("a JSON-RPC error needs error.code")
    data = error.get("data")
    fields: Dict[str, Any] = {"jsonrpc_code": error["code"], "message": _str(error.get("message"))}
    if isinstance(data, dict):
        fields.update({
            "code": _str(data.get("code")), "name": _str(data.get("name")),
            "message": _str(data.get("message")) or fields["message"], "status": _int(data.get("status")),
            "details": _dict(data.get("details")), "retryable": _bool(data.get("retryable")),
            "retry_after": _num(data.get("retryAfter")), "subcode": _str(data.get("subcode")),
            "reason": _str(data.get("reason")), "request_id": _str(data.get("requestId")),
        })
    elif isinstance(data, str):
        fields["message"] = data
    return fields`,
  binary: `def _decode(body: Any) -> Dict[str, Any]:
    if not isinstance(body, (bytes, bytearray)) or len(body) < 26:
        raise ValueError("a frame is at least 26 bytes")
    length, magic, version, flags, code16, sub8, _r, status, retry_after, _r2 = struct.unpack(">I2sBBHBBHdI", bytes(body[:26]))
    if magic != b"ER" or version != 1 or length != len(body) - 4 or not 100 <= status <= 599:
        raise ValueError("not an errata frame")
    count = 9 if flags & 0x10 else 7
    table_end = 26 + 4 * count
    if table_end > len(body):
        raise ValueError("the string table runs past the end")
    lengths = struct.unpack(">" + "I" * count, bytes(body[26:table_end]))
    if table_end + sum(lengths) != len(body):
        raise ValueError("the strings do not fill the frame")
    strings, at = [], table_end
    for n in lengths:
        strings.append(bytes(body[at:at + n]).decode("utf-8"))
        at += n
    details = json.loads(strings[3]) if strings[3] else {}
    if not isinstance(details, dict):
        raise ValueError("details are not an object")
    return {
        "name": strings[0] or None, "code": strings[1] or None, "message": strings[2], "status": status,
        "details": details, "retryable": bool(flags & 0x01),
        "retry_after": _num(retry_after) if flags & 0x04 else None, "request_id": strings[4] or None,
        "subcode": strings[5] or None, "reason": strings[6] or None,
    }`,
};
