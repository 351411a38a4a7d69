"""A strict proto3 JSON parse of Google-format error bodies with Debian's
python3-protobuf (json_format, unknown fields refused) and Google's published
google.rpc protos only (a consumer that never heard of errata), compiled by
protoc into the folder given as the first argument. Reads a JSON array of bodies on
stdin; prints, for each, the parsed Status or why it was refused.
"""
import json
import sys

sys.path.insert(0, sys.argv[1])

from google.protobuf import json_format  # noqa: E402
from google.rpc import code_pb2, error_details_pb2, status_pb2  # noqa: E402,F401  (registers the detail types)

out = []
for body in json.load(sys.stdin):
    try:
        error = dict(body["error"])
        # AIP-193's HTTP form adds the code's name beside google.rpc.Status's fields.
        name = error.pop("status")
        status = json_format.Parse(json.dumps(error), status_pb2.Status(), ignore_unknown_fields=False)
        if code_pb2.Code.Name(code_pb2.Code.Value(name)) != name:
            raise ValueError("status is not a google.rpc.Code name")
        details = []
        metadata = {}
        for any_detail in status.details:
            type_name = any_detail.TypeName()
            details.append(type_name)
            if type_name == "google.rpc.ErrorInfo":
                info = error_details_pb2.ErrorInfo()
                any_detail.Unpack(info)
                metadata = dict(info.metadata)
            if type_name == "google.rpc.RetryInfo":
                info = error_details_pb2.RetryInfo()
                any_detail.Unpack(info)
                details.append(info.retry_delay.ToJsonString())
        out.append({"ok": {"code": status.code, "message": status.message, "details": details, "metadata": metadata}})
    except Exception as refusal:  # json_format.ParseError, KeyError, ValueError
        out.append({"refused": f"{type(refusal).__name__}: {refusal}"})
print(json.dumps(out))
