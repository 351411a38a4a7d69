"""TraceMem's error-handling patterns in Python, with the official MCP Python SDK and
the module `errata codegen --target python` writes for TraceMem's catalog (imported as
tracemem_errors): errors are typed exceptions, not strings searched for "401".

    python agent.py <server url>      prints what each pattern did, as JSON
"""
import asyncio
import json
import random
import sys
import uuid

from mcp.client.session import ClientSession
from mcp.client.streamable_http import streamable_http_client

import tracemem_errors as te


async def call_tool_safe(session, name, arguments):
    """Basic error handling: a failed tool call raises the catalog's typed exception."""
    result = await session.call_tool(name, arguments)
    if result.is_error:
        raise te.from_tool_result(result)
    return result


async def call_tool_with_retry(session, name, arguments, max_retries=3):
    """Retry rate limits and server errors with backoff; never auth or permission errors."""
    for attempt in range(max_retries):
        try:
            return await call_tool_safe(session, name, arguments)
        except (te.AuthenticationError, te.AuthorizationError):
            raise
        except te.TracememError as error:
            if not error.retryable or attempt == max_retries - 1:
                raise
            wait = error.retry_after if error.retry_after is not None else (2 ** attempt) * 0.01 + random.uniform(0, 0.01)
            await asyncio.sleep(wait)
    raise RuntimeError("unreachable")


async def order_decision(session, product):
    """Commit on success, roll back on any error; a failed rollback never masks the original."""
    created = await call_tool_with_retry(session, "decision_create", {
        "intent": "create order", "automation_mode": "autonomous", "purpose": "order_creation"})
    decision_id = created.structured_content["decision_id"]
    try:
        await call_tool_with_retry(session, "decision_write", {
            "decision_id": decision_id, "product": product, "purpose": "order_creation",
            "mutation": {"operation": "insert", "records": [{"order_id": 1}]},
            "idempotency_key": str(uuid.uuid4())})
        await call_tool_with_retry(session, "decision_close", {"decision_id": decision_id, "action": "commit"})
        return decision_id
    except Exception as error:
        try:
            await call_tool_with_retry(session, "decision_close", {"decision_id": decision_id, "action": "rollback"})
        except Exception as rollback_error:
            error.add_note(f"rollback failed: {rollback_error}")
        raise


async def main(url):
    out = {}
    async with streamable_http_client(url) as streams:
        async with ClientSession(streams[0], streams[1]) as session:
            await session.initialize()
            try:
                await call_tool_safe(session, "decision_get", {"decision_id": "dec_missing"})
            except te.TracememError as error:
                out["basic"] = [type(error).__name__, error.code, error.retryable]
            out["committed"] = bool(await order_decision(session, "orders"))
            try:
                await order_decision(session, "no_such_product")
            except te.DataProductNotFoundError as error:
                out["rollback"] = [error.code, getattr(error, "__notes__", [])]
            created = await call_tool_safe(session, "decision_create", {
                "intent": "x", "automation_mode": "propose", "purpose": "support"})
            args = {"decision_id": created.structured_content["decision_id"], "product": "orders",
                    "purpose": "support", "mutation": {"operation": "insert", "records": [{}]},
                    "idempotency_key": "py-order-1"}
            await call_tool_safe(session, "decision_write", args)
            again = await call_tool_safe(session, "decision_write", args)
            out["replayed"] = bool((again.meta or {}).get("errata/replayed"))
    print(json.dumps(out))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
