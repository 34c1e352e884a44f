"""A STAND-IN for an Ollama model server (no model, no inference): answers GET /api/tags and
GET /api/version the way Ollama does, so the example API's /ready has a model server to check."""
import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODEL = os.environ.get("STANDIN_MODEL", "stand-in:latest")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path == "/api/tags":
            body = {"models": [{"name": MODEL, "model": MODEL, "size": 0, "details": {"format": "stand-in"}}]}
        elif self.path == "/api/version":
            body = {"version": "0.0.0-stand-in"}
        elif self.path == "/":
            body = "Ollama is running"
        else:
            self.send_error(404)
            return
        data = (body if isinstance(body, str) else json.dumps(body)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json" if not isinstance(body, str) else "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


ThreadingHTTPServer(("0.0.0.0", int(os.environ.get("PORT", "11434"))), Handler).serve_forever()
