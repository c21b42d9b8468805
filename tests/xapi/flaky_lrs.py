#!/usr/bin/env python3
"""flaky_lrs.py DIR FAIL_AT: a stand-in learning record store on 127.0.0.1
that refuses the FAIL_AT-th POST to /xapi/statements with 503 (0: none)
and takes the others. It writes its port to DIR/port and, per POST taken,
the statement ids to DIR/ids (one a line) and the request's headers of
interest to DIR/headers, so that a test can see what `vaksam xapi send`
sent, what it sent again, and how."""
import http.server
import json
import os
import sys

out, fail_at = sys.argv[1], int(sys.argv[2])
posts = 0


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        global posts
        posts += 1
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(os.path.join(out, "headers"), "a") as f:
            f.write("%s|%s|%s\n" % (self.path,
                                    self.headers.get("X-Experience-API-Version"),
                                    self.headers.get("Authorization")))
        if posts == fail_at:
            self.send_response(503)
            self.end_headers()
            self.wfile.write(b"busy, try later")
            return
        ids = [s["id"] for s in json.loads(body)]
        with open(os.path.join(out, "ids"), "a") as f:
            f.write("".join(i + "\n" for i in ids))
        reply = json.dumps(ids).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(os.path.join(out, "port.tmp"), "w") as f:
    f.write(str(server.server_address[1]))
os.rename(os.path.join(out, "port.tmp"), os.path.join(out, "port"))
server.serve_forever()
