"""python-requests: requests.post with its defaults, plus a retry loop on 5xx and ConnectionError.

requests defaults that matter: allow_redirects=True for POST (up to 30): a 301, 302 or 303 is
re-sent as a GET without the body, a 307 or 308 re-POSTs the same body; timeout=None (no timeout
at all: it waits as long as the server holds the request); HTTPAdapter max_retries=0 (no
retries of its own); a non-2xx is returned, not raised, unless raise_for_status() is called.
"""
import json
import os
import sys
import time
import uuid

import requests

url = os.environ["CPN_URL"]
retries = int(os.environ.get("CPN_RETRY_MAX_ATTEMPTS", "0"))
template = json.loads(os.environ["CPN_MESSAGE"])


def deliver(message, body):
    for attempt in range(retries + 1):
        try:
            response = requests.post(url, data=body, headers={
                "Content-Type": "application/json", "ETag": message["GSW_MESSAGE_GUID"]})
            if response.ok:  # requests' ok: status < 400
                return True
            print(f"attempt {attempt + 1}: HTTP {response.status_code}", file=sys.stderr)
            if response.status_code < 500:
                return False
        except requests.ConnectionError as error:
            print(f"attempt {attempt + 1}: {error}", file=sys.stderr)
        time.sleep(0.2)
    return False


failed = 0
for i in range(int(os.environ.get("CPN_COUNT", "1"))):
    message = template if i == 0 else {**template, "GSW_MESSAGE_GUID": str(uuid.uuid4()),
                                       "GSW_CALL_ATTEMPT_GUID": str(uuid.uuid4()), "GSW_TIMESTAMP": f"{time.time():.3f}"}
    body = os.environ["CPN_MESSAGE"].encode() if i == 0 else json.dumps(message).encode()
    if not deliver(message, body):
        failed += 1
sys.exit(1 if failed else 0)
