"""python-urllib: the standard library's urllib.request, as a dependency-free script is written.

urllib defaults that matter: urlopen() installs HTTPRedirectHandler, which for a POST follows
301, 302 and 303 as a GET without the body (and without Content-Type/Content-Length) and raises
HTTPError for 307 and 308; every non-2xx raises HTTPError; timeout= is a socket timeout (connect
and each read). A dropped connection surfaces as http.client.RemoteDisconnected (a
ConnectionResetError), which is neither a URLError nor a TimeoutError.
"""
import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid

url = os.environ["CPN_URL"]
retries = int(os.environ.get("CPN_RETRY_MAX_ATTEMPTS", "0"))
timeout = float(os.environ.get("CPN_RESPONSE_TIMEOUT", "10"))
template = json.loads(os.environ["CPN_MESSAGE"])


def deliver(message, body):
    for attempt in range(retries + 1):
        request = urllib.request.Request(url, data=body, method="POST", headers={
            "Content-Type": "application/json", "ETag": message["GSW_MESSAGE_GUID"], "Accept": "*/*"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read()
                return True
        except urllib.error.HTTPError as error:
            print(f"attempt {attempt + 1}: HTTP {error.code}", file=sys.stderr)
            if error.code < 500:
                return False
        except (urllib.error.URLError, TimeoutError) as error:
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
