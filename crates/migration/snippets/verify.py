import hashlib, hmac, time

# raw_body: the request body exactly as received, as bytes (Flask: request.get_data(),
# Django: request.body), never json.dumps(request.json). header: the
# Calendly-Webhook-Signature header.
def verify_calendly(raw_body: bytes, header: str, signing_key: str, tolerance: int = 180) -> bool:
    parts = dict(p.strip().split("=", 1) for p in (header or "").split(",") if "=" in p)
    t, v1 = parts.get("t", "").strip(), parts.get("v1", "").strip()
    if not (t.isascii() and t.isdigit()) or not v1:
        return False
    expected = hmac.new(signing_key.encode(), t.encode() + b"." + raw_body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), v1.encode()):
        return False
    return abs(time.time() - int(t)) <= tolerance
