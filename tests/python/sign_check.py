#!/usr/bin/env python3
"""Sends one request to the emulator, signed by Alibaba Cloud's official
Python SDK core (aliyunsdkcore: AcsClient + CommonRequest, RPC style).

Usage:
    sign_check.py [--live-class] PORT ACCESS_KEY_ID ACCESS_KEY_SECRET METHOD ACTION [Name=Value ...]

METHOD is GET (parameters in the query string) or POST (parameters in a
form body). With --live-class the request object is the official Live SDK's
own class for ACTION (aliyunsdklive.request.v20161101.<ACTION>Request)
instead of a CommonRequest. Prints exactly one JSON line on stdout:
    {"ok": true, "body": {...}, "sdk_string_to_sign": "..."}
    {"ok": false, "status": 400, "code": "...", "message": "...", "sdk_string_to_sign": "..."}

sdk_string_to_sign is the StringToSign the SDK computed, for comparison
with the one the emulator reports in SignatureDoesNotMatch. (With
--live-class the SDK compares them itself and, when they are equal,
reports SignatureDoesNotMatch as InvalidAccessKeySecret.)
"""
import importlib
import json
import sys

from aliyunsdkcore.acs_exception.exceptions import ClientException, ServerException
from aliyunsdkcore.client import AcsClient
from aliyunsdkcore.request import CommonRequest


def make_request(live_class, action):
    if live_class:
        module = importlib.import_module("aliyunsdklive.request.v20161101.%sRequest" % action)
        request = getattr(module, "%sRequest" % action)()
        request.set_endpoint("127.0.0.1")
        return request, request
    request = CommonRequest(domain="127.0.0.1", version="2016-11-01", action_name=action)
    # CommonRequest signs through an inner RpcRequest built when sent.
    return request, None


def main(argv):
    args = argv[1:]
    live_class = bool(args) and args[0] == "--live-class"
    if live_class:
        args = args[1:]
    if len(args) < 5:
        print(__doc__, file=sys.stderr)
        return 2
    port, key_id, secret, method, action = args[:5]
    client = AcsClient(key_id, secret, "cn-shanghai", auto_retry=False, port=int(port))
    request, signed = make_request(live_class, action)
    request.set_protocol_type("http")
    request.set_method(method)
    request.set_accept_format("json")
    for item in args[5:]:
        name, _, value = item.partition("=")
        if method == "POST":
            request.add_body_params(name, value)
        else:
            request.add_query_param(name, value)
    result = {}
    try:
        body = client.do_action_with_exception(request)
        result = {"ok": True, "body": json.loads(body)}
    except ServerException as e:
        result = {
            "ok": False,
            "status": e.get_http_status(),
            "code": e.get_error_code(),
            "message": e.get_error_msg(),
        }
    except ClientException as e:
        result = {"ok": False, "status": 0, "code": e.get_error_code(), "message": e.get_error_msg()}
    if signed is None:
        signed = getattr(request, "request", None)
    result["sdk_string_to_sign"] = getattr(signed, "string_to_sign", None)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
