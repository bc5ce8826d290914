"""Python peer of the aliyun-live benchmarks: the official Alibaba Cloud
Python SDK (aliyun-python-sdk-core + aliyun-python-sdk-live).

Run by `cargo xtask bench` with the virtualenv's interpreter; prints JSON
lines like the Rust benchmark binary. Talks only to the given 127.0.0.1
endpoint.

  peer.py versions
  peer.py overhead --body FILE [--batches N --calls M]
  peer.py http --endpoint http://127.0.0.1:PORT --domain D [--threads N --secs S --max-calls M]
"""

import argparse
import json
import statistics
import sys
import threading
import time
from urllib.parse import urlsplit

KEY_ID = "bench-key-id"
KEY_SECRET = "bench-key-secret"
REGION = "cn-shanghai"


def emit(obj):
    print(json.dumps(obj), flush=True)


def versions(_args):
    import platform

    import aliyunsdkcore
    from importlib.metadata import version

    emit({
        "kind": "python",
        "python": platform.python_version(),
        "core": aliyunsdkcore.__version__,
        "live": version("aliyun-python-sdk-live"),
    })


def overhead(args):
    """Request preparation and signing as AcsClient does it (the request
    object, its parameters, the access-key signer: RPC signature composer,
    signed header + URL), then json.loads of the same ~1.3 KB body."""
    from aliyunsdkcore.auth.credentials import AccessKeyCredential
    from aliyunsdkcore.auth.signers.access_key_signer import AccessKeySigner
    from aliyunsdklive.request.v20161101.DescribeLiveStreamRecordIndexFilesRequest import (
        DescribeLiveStreamRecordIndexFilesRequest,
    )

    with open(args.body, "rb") as f:
        body = f.read()
    signer = AccessKeySigner(AccessKeyCredential(KEY_ID, KEY_SECRET))

    def sign():
        r = DescribeLiveStreamRecordIndexFilesRequest()
        r.set_DomainName("www.yourdomain.com")
        r.set_AppName("testApp")
        r.set_StreamName("testStream")
        r.set_StartTime("2017-12-21T08:00:00Z")
        r.set_EndTime("2017-12-22T08:00:00Z")
        r.set_Order("asc")
        r.set_PageNum(1)
        r.set_PageSize(10)
        r.set_accept_format("JSON")
        _header, url = signer.sign(REGION, r)
        return len(url)

    def decode():
        out = json.loads(body)
        return len(out["RecordIndexInfoList"]["RecordIndexInfo"])

    def call():
        return sign() + decode()

    # Sanity: the path really signs and decodes.
    if call() < 100 or decode() != 3:
        raise SystemExit("python overhead: unexpected result")
    variants = [("python", call), ("python.sign", sign), ("python.decode", decode)]
    for _name, f in variants:
        for _ in range(min(args.calls, 500)):
            f()
    samples = {name: [] for name, _ in variants}
    # Interleaved batches, like the Rust side.
    for _ in range(args.batches):
        for name, f in variants:
            t0 = time.perf_counter_ns()
            for _ in range(args.calls):
                f()
            samples[name].append((time.perf_counter_ns() - t0) / args.calls)
    for name, _ in variants:
        s = samples[name]
        emit({
            "kind": "overhead",
            "impl": name,
            "ns_per_call": statistics.median(s),
            "min_ns": min(s),
            "max_ns": max(s),
            "batches": args.batches,
            "calls_per_batch": args.calls,
            "body_bytes": len(body),
        })


def http(args):
    """DescribeLiveRecordNotifyConfig through AcsClient (keep-alive session,
    signing, send, status check) and json.loads of the body."""
    from aliyunsdkcore.client import AcsClient
    from aliyunsdklive.request.v20161101.DescribeLiveRecordNotifyConfigRequest import (
        DescribeLiveRecordNotifyConfigRequest,
    )

    parts = urlsplit(args.endpoint)
    if parts.hostname != "127.0.0.1" or parts.scheme != "http":
        raise SystemExit("python http: only http://127.0.0.1 endpoints are allowed")
    client = AcsClient(
        KEY_ID,
        KEY_SECRET,
        REGION,
        auto_retry=False,
        port=parts.port,
        pool_size=max(args.threads, 1),
    )

    def call():
        r = DescribeLiveRecordNotifyConfigRequest()
        r.set_DomainName(args.domain)
        r.set_endpoint("127.0.0.1")
        r.set_protocol_type("http")
        out = json.loads(client.do_action_with_exception(r))
        if "LiveRecordNotifyConfig" not in out:
            raise RuntimeError("response without LiveRecordNotifyConfig: %r" % (out,))

    for _ in range(args.warmup):
        call()
    lock = threading.Lock()
    state = {"started": 0, "done": 0, "error": None}
    limit = args.max_calls if args.max_calls > 0 else float("inf")
    deadline = time.perf_counter() + args.secs

    def worker():
        done = 0
        try:
            while time.perf_counter() < deadline:
                with lock:
                    if state["started"] >= limit:
                        break
                    state["started"] += 1
                call()
                done += 1
        except Exception as e:  # reported below; the run fails
            with lock:
                state["error"] = state["error"] or repr(e)
        with lock:
            state["done"] += done

    t0 = time.perf_counter()
    if args.threads <= 1:
        worker()
    else:
        threads = [threading.Thread(target=worker) for _ in range(args.threads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    elapsed = time.perf_counter() - t0
    if state["error"]:
        raise SystemExit("python http: call failed: " + state["error"])
    emit({
        "kind": "http",
        "impl": "python",
        "concurrency": max(args.threads, 1),
        "calls": state["done"],
        "secs": elapsed,
        "calls_per_sec": state["done"] / elapsed,
        "action": "DescribeLiveRecordNotifyConfig",
    })


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("versions")
    o = sub.add_parser("overhead")
    o.add_argument("--body", required=True)
    o.add_argument("--batches", type=int, default=20)
    o.add_argument("--calls", type=int, default=1000)
    h = sub.add_parser("http")
    h.add_argument("--endpoint", required=True)
    h.add_argument("--domain", required=True)
    h.add_argument("--threads", type=int, default=1)
    h.add_argument("--secs", type=float, default=2.0)
    h.add_argument("--max-calls", type=int, default=0)
    h.add_argument("--warmup", type=int, default=20)
    args = p.parse_args()
    {"versions": versions, "overhead": overhead, "http": http}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
