#!/usr/bin/env python3
"""flask-strict-slashes: a Flask receiver whose route is declared with a trailing slash.

Werkzeug's routing (strict_slashes, on by default) answers POST /notifications with
308 Permanent Redirect to .../notifications/ before the view runs; OCS does not follow
redirects, so it never reaches the (conformant) view.

Usage: python3 flask_strict_slashes.py [PORT]   (or PORT in the environment; 0 = any free port)
Prints "listening on http://127.0.0.1:PORT/notifications" once it accepts connections, and
"request METHOD PATH" for every request that reaches the app (the corpus helper counts them).
With CPN_CORPUS_EXIT_ON_STDIN_EOF=1 it exits when its standard input closes (its parent is gone).
"""
import logging
import os
import sys
import threading

from flask import Flask, jsonify, request
from werkzeug.serving import make_server

MANDATORY_FIELDS = (
    'GSW_MESSAGE', 'GSW_MESSAGE_GUID', 'GSW_TIMESTAMP', 'GSW_CALL_ATTEMPT_GUID', 'GSW_PHONE',
    'GSW_PHONE_TYPE', 'GSW_CHAIN_ID', 'GSW_CHAIN_N', 'GSW_RECORD_HANDLE', 'GSW_REASON',
    'GSW_CALL_RESULT', 'GSW_CAMPAIGN_NAME', 'GSW_CONTACT_MEDIA_TYPE', 'GSW_CALLING_LIST',
    'GSW_CAMPAIGN_GROUP_NAME', 'GSW_CAMPAIGN_GROUP_GUID', 'GSW_GROUP_NAME', 'GSW_QUEUE_NAME',
    'GSW_DIAL_MODE', 'GSW_RECORD_TYPE', 'GSW_RECORD_STATUS', 'GSW_START_PROCESSING',
)

app = Flask(__name__)
seen = set()
seen_lock = threading.Lock()


class CountRequests:
    """WSGI middleware: one stdout line per request that reaches the app, before it is answered."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            print(f"request {environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')}", flush=True)
        return self.wsgi_app(environ, start_response)


app.wsgi_app = CountRequests(app.wsgi_app)


@app.route('/notifications/', methods=['POST'])
def notifications():
    if not request.is_json:
        return jsonify(error='expected Content-Type application/json'), 415
    message = request.get_json(silent=True)
    if not isinstance(message, dict):
        return jsonify(error='the body is not a JSON object'), 400
    missing = [name for name in MANDATORY_FIELDS if name not in message]
    if missing:
        return jsonify(error='missing mandatory fields', fields=missing), 400
    guid = str(message['GSW_MESSAGE_GUID'])
    with seen_lock:
        duplicate = guid in seen
        seen.add(guid)
    return jsonify(status='duplicate' if duplicate else 'accepted', guid=guid), 200


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get('PORT', '0'))
    logging.getLogger('werkzeug').setLevel(logging.ERROR)
    server = make_server('127.0.0.1', port, app, threaded=True)
    if os.environ.get('CPN_CORPUS_EXIT_ON_STDIN_EOF') == '1':
        def exit_on_eof():
            sys.stdin.read()
            os._exit(0)
        threading.Thread(target=exit_on_eof, daemon=True).start()
    print(f'listening on http://127.0.0.1:{server.server_port}/notifications', flush=True)
    server.serve_forever()


if __name__ == '__main__':
    main()
