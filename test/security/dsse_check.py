#!/usr/bin/env python3
"""Checks a Runlog evidence file without Runlog: Python's json, hashlib and zipfile, and the
`cryptography` package for Ed25519.

- the DSSE envelope: the signature over PAE(payloadType, payload) with the embedded public key;
- the key id and the stated fingerprint: SHA256 + unpadded base64 of the raw 32-byte key;
- the payload: an in-toto Statement v1 written as canonical JSON (RFC 8785);
- the hash chain over the chained records (the attempts of format runlog-evidence/2, the step
  records of runlog-evidence/1), re-serialised here as canonical JSON;
- for a bundle (ZIP): every artifact file's SHA-256 against the record (the last record of each
  path, since a step run again writes its file again), and no file the record does not list.

Usage: dsse_check.py FILE [SHA256:FINGERPRINT]   (JSON export, HTML page or bundle)
Prints one line per finding; exit 0 when everything holds, 1 otherwise, 2 for unreadable input.
"""
import base64
import hashlib
import json
import re
import sys
import zipfile

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_pem_public_key,
)


def pae(payload_type: bytes, body: bytes) -> bytes:
    return b"DSSEv1 %d %s %d %s" % (len(payload_type), payload_type, len(body), body)


def canonical(value) -> str:
    # RFC 8785 for the values a run record holds (strings, integers, booleans, null, arrays,
    # objects with ASCII keys): sorted keys, no whitespace, JSON.stringify's string escapes.
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def fingerprint(public_key) -> str:
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return "SHA256:" + base64.b64encode(hashlib.sha256(raw).digest()).decode().rstrip("=")


def read_document(path: str):
    """The evidence JSON document, and the bundle's ZIP when the file is one."""
    with open(path, "rb") as f:
        data = f.read()
    if data.startswith(b"PK\x03\x04"):
        archive = zipfile.ZipFile(path)
        return json.loads(archive.read("evidence.json")), archive
    text = data.decode("utf-8").lstrip("\ufeff")
    if text.lstrip().startswith("<"):
        block = re.search(
            r'<script type="application/json" id="runlog-evidence">(.*?)</script>', text, re.S
        )
        if not block:
            raise ValueError("no runlog-evidence block in the page")
        text = block.group(1)
    return json.loads(text), None


def check(path: str, pinned: str | None) -> list[str]:
    doc, archive = read_document(path)
    problems: list[str] = []
    envelope = doc["envelope"]
    body = base64.b64decode(envelope["payload"], validate=True)
    key = load_pem_public_key(doc["publicKey"].encode())
    fp = fingerprint(key)
    print(f"key {fp}")
    signatures = envelope["signatures"]
    if len(signatures) != 1:
        problems.append(f"{len(signatures)} signatures; Runlog writes one")
    for sig in signatures:
        try:
            key.verify(base64.b64decode(sig["sig"]), pae(envelope["payloadType"].encode(), body))
            print("signature valid")
        except InvalidSignature:
            problems.append("signature NOT valid")
        if sig.get("keyid") != fp:
            problems.append(f"keyid {sig.get('keyid')} is not the key's fingerprint")
    if doc.get("keyFingerprint") != fp:
        problems.append("keyFingerprint is not the key's fingerprint")
    if pinned is not None and fp != pinned:
        problems.append(f"signed by {fp}, not by the pinned {pinned}")
    statement = json.loads(body)
    if canonical(statement).encode() != body:
        problems.append("payload is not canonical JSON")
    if statement.get("_type") != "https://in-toto.io/Statement/v1":
        problems.append("payload is not an in-toto Statement v1")
    record = statement["predicate"]
    link = hashlib.sha256(record["format"].encode()).digest()
    for item in chained(record):
        rest = {k: v for k, v in item.items() if k != "chain"}
        link = hashlib.sha256(link + canonical(rest).encode()).digest()
        if link.hex() != item.get("chain"):
            problems.append(f"{label(record, item)} breaks the chain")
            break
    if link.hex() != record["chain"]["head"] and not any("chain" in p for p in problems):
        problems.append("the chain head is not the last link")
    if archive is not None:
        problems += check_bundle(archive, record)
    return problems


def chained(record) -> list:
    """The records the chain runs over, in chain order."""
    return record["steps"] if record["format"] == "runlog-evidence/1" else record["attempts"]


def label(record, item) -> str:
    if record["format"] == "runlog-evidence/1":
        return f"step {item.get('index')} ({item.get('name')})"
    return f"attempt {item.get('seq')} ({item.get('step')}, attempt {item.get('attempt')})"


def check_bundle(archive: zipfile.ZipFile, record) -> list[str]:
    problems = []
    listed = {"evidence.json", "evidence.html"}
    latest = {}
    for item in chained(record):
        for artifact in item["artifacts"]:
            latest[artifact["path"]] = artifact
    for artifact in latest.values():
        name = "artifacts/" + artifact["path"]
        listed.add(name)
        try:
            data = archive.read(name)
        except KeyError:
            problems.append(f"{name} is missing")
            continue
        if hashlib.sha256(data).hexdigest() != artifact["sha256"]:
            problems.append(f"{name} differs from the record")
        else:
            print(f"{name} matches")
    for name in archive.namelist():
        if name not in listed:
            problems.append(f"{name} is not in the record")
    return problems


def main() -> int:
    if len(sys.argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    try:
        problems = check(sys.argv[1], sys.argv[2] if len(sys.argv) == 3 else None)
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile) as err:
        print(f"unusable: {err}")
        return 2
    for p in problems:
        print(f"NOT VALID: {p}")
    if not problems:
        print("VALID")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
