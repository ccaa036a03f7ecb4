#!/usr/bin/env python3
"""python-http-server: a receiver on Python's standard library alone, http.server as it comes.

HTTPServer is a socketserver.TCPServer: it listens with request_queue_size = 5 (the listen backlog)
and handles one connection at a time. BaseHTTPRequestHandler speaks HTTP/1.0 unless told otherwise,
so every request has a connection of its own, closed after the answer. Each valid notification
takes about 20 ms (the CRM update) before it is acknowledged; a retried GUID is acknowledged again.
400 for a body that is not a JSON object or misses a mandatory field, 415 without JSON, 404
elsewhere. No body limit: it reads Content-Length bytes.

Usage: python3 python_http_server.py [PORT]   (or PORT in the environment; 0 = any free port)
Prints "listening on http://127.0.0.1:PORT/notifications" once it accepts connections, and
"request METHOD PATH" for every request it reads (the corpus helper counts them).
With CPN_CORPUS_EXIT_ON_STDIN_EOF=1 it exits when its standard input closes (its parent is gone).
"""
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

MANDATORY_FIELDS = (
    'GSW_MESSAGE', 'GSW_MESSAGE_GUID', 'GSW_TIMESTAMP', 'GSW_CALL_ATTEMPT_GUID', 'GSW_PHONE',
    'GSW_PHONE_TYPE', 'GSW_CHAIN_ID', 'GSW_CHAIN_N', 'GSW_RECORD_HANDLE', 'GSW_REASON',
    'GSW_CALL_RESULT', 'GSW_CAMPAIGN_NAME', 'GSW_CONTACT_MEDIA_TYPE', 'GSW_CALLING_LIST',
    'GSW_CAMPAIGN_GROUP_NAME', 'GSW_CAMPAIGN_GROUP_GUID', 'GSW_GROUP_NAME', 'GSW_QUEUE_NAME',
    'GSW_DIAL_MODE', 'GSW_RECORD_TYPE', 'GSW_RECORD_STATUS', 'GSW_START_PROCESSING',
)
CRM_UPDATE_SECONDS = 0.02

seen = set()


class Notifications(BaseHTTPRequestHandler):
    def log_message(self, format, *args):
        pass

    def answer(self, status, payload):
        body = json.dumps(payload).encode('utf-8')
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        print(f'request POST {self.path}', flush=True)
        raw = self.rfile.read(int(self.headers.get('Content-Length') or 0))
        if self.path != '/notifications':
            return self.answer(404, {'error': 'not found'})
        if not (self.headers.get('Content-Type') or '').startswith('application/json'):
            return self.answer(415, {'error': 'expected Content-Type application/json'})
        try:
            message = json.loads(raw)
        except ValueError:
            return self.answer(400, {'error': 'the body is not JSON'})
        if not isinstance(message, dict):
            return self.answer(400, {'error': 'the body is not a JSON object'})
        missing = [name for name in MANDATORY_FIELDS if name not in message]
        if missing:
            return self.answer(400, {'error': 'missing mandatory fields', 'fields': missing})
        guid = str(message['GSW_MESSAGE_GUID'])
        duplicate = guid in seen
        seen.add(guid)
        time.sleep(CRM_UPDATE_SECONDS)
        self.answer(200, {'status': 'duplicate' if duplicate else 'accepted', 'guid': guid})


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get('PORT', '0'))
    server = HTTPServer(('127.0.0.1', port), Notifications)
    if os.environ.get('CPN_CORPUS_EXIT_ON_STDIN_EOF') == '1':
        def exit_on_eof():
            sys.stdin.read()
            os._exit(0)
        threading.Thread(target=exit_on_eof, daemon=True).start()
    print(f'listening on http://127.0.0.1:{server.server_port}/notifications', flush=True)
    server.serve_forever()


if __name__ == '__main__':
    main()
