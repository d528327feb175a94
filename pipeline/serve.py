"""`edition serve`: the output folder on a local web server, with the media types the edition needs (the search
index's WebAssembly and data files, DTS JSON-LD, CSL-JSON), and with `--watch` a rebuild whenever a source, a
register, a stylesheet or the configuration changes, after which open pages reload themselves.

The build is the ordinary incremental one (a callable handed in by the command): only outputs whose inputs
changed are made again. The reload works without touching the built files: the server adds one script of its own
(/__edition/reload.js, same origin, so the pages' Content-Security-Policy allows it) to the HTML it sends while
watching; the script asks /__edition/changes once a second and reloads the page after a rebuild.
"""

from __future__ import annotations

import http.server
import json
import posixpath
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

from . import resources

# by file suffix; a DTS tree's .json files are JSON-LD and its .xml files TEI (see dts.py)
MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".csl.json": "application/vnd.citationstyles.csl+json",
    ".jsonld": "application/ld+json",
    ".wasm": "application/wasm",
    ".pagefind": "application/octet-stream",  # Pagefind's WebAssembly, gzipped: its script unpacks it
    ".pf_meta": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
    ".txt": "text/plain; charset=utf-8",
    ".typ": "text/plain; charset=utf-8",
    ".xml": "application/xml",
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".svg": "image/svg+xml",
}
DTS_MEDIA_TYPES = {".json": "application/ld+json", ".xml": "application/tei+xml"}
RELOAD_PATH = "/__edition/reload.js"
CHANGES_PATH = "/__edition/changes"
RELOAD_SCRIPT = """/* edition serve --watch: reload the page after a rebuild */
(function () {
  "use strict";
  var seen = null;
  function ask() {
    fetch("%s", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (d) {
      if (seen !== null && d.generation !== seen) { window.location.reload(); return; }
      seen = d.generation;
      window.setTimeout(ask, 1000);
    }).catch(function () { window.setTimeout(ask, 2000); });
  }
  ask();
})();
""" % CHANGES_PATH
POLL_SECONDS = 0.4


def media_type(path: str) -> str:
    """The Content-Type for a file of the output folder, by its name (and, for DTS files, its folder)."""
    name = posixpath.basename(path).lower()
    parts = path.strip("/").split("/")
    for suffix in sorted((s for s in MEDIA_TYPES if name.endswith(s)), key=len, reverse=True):
        if "dts" in parts[:-1] and suffix in DTS_MEDIA_TYPES:
            return DTS_MEDIA_TYPES[suffix]
        return MEDIA_TYPES[suffix]
    return "application/octet-stream"


class State:
    """What the server and the watcher share: the number of builds made since it started."""

    def __init__(self, watching: bool):
        self.generation = 0
        self.watching = watching
        self.lock = threading.Lock()

    def built(self) -> None:
        with self.lock:
            self.generation += 1


def handler_for(out: Path, state: State, log: Callable[[str], None] | None):
    out = out.resolve()

    class Handler(http.server.SimpleHTTPRequestHandler):
        server_version = "edition-serve"
        sys_version = ""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(out), **kwargs)

        def do_GET(self):
            path = urllib.parse.urlsplit(self.path).path
            if path == CHANGES_PATH:
                return self._send(json.dumps({"generation": state.generation}).encode(), "application/json")
            if path == RELOAD_PATH:
                return self._send(RELOAD_SCRIPT.encode(), MEDIA_TYPES[".js"])
            if path in ("", "/"):
                self.send_response(302)
                self.send_header("Location", "/html/index.html")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            if state.watching and (path.endswith(".html") or path.endswith("/")):
                local = Path(self.translate_path(self.path))
                if local.is_dir():
                    local = local / "index.html"
                if local.is_file():
                    page = local.read_bytes()
                    tag = f'<script src="{RELOAD_PATH}" defer></script>'.encode()
                    at = page.find(b"</head>")
                    return self._send(page[:at] + tag + page[at:] if at >= 0 else page, MEDIA_TYPES[".html"])
            return super().do_GET()

        def translate_path(self, path):
            # the DTS tree `edition export` writes (output/export/dts) where its default base (/dts/) says it is
            request = urllib.parse.urlsplit(path).path
            if request.startswith("/dts/") and not (out / "dts").exists() and (out / "export" / "dts").is_dir():
                path = "/export" + path
            return super().translate_path(path)

        def guess_type(self, path):
            return media_type(Path(path).relative_to(out).as_posix() if Path(path).is_relative_to(out) else path)

        def list_directory(self, path):
            self.send_error(404, "No listing")
            return None

        def end_headers(self):
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Cache-Control", "no-cache")
            super().end_headers()

        def _send(self, body: bytes, content_type: str):
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def log_message(self, format, *args):
            if log:
                log(f"{self.address_string()} {format % args}")

    return Handler


def snapshot(files: Callable[[], list[Path]]) -> dict[str, tuple[int, int]]:
    """Size and modification time of each file watched (a file that vanished is left out: that is a change too)."""
    seen = {}
    for path in files():
        try:
            stat = path.stat()
        except OSError:
            continue
        seen[str(path)] = (stat.st_size, stat.st_mtime_ns)
    return seen


def package_files() -> list[Path]:
    """The stylesheets, assets, fonts and schemas the build reads (a change makes the build redo what they make)."""
    return sorted(p for folder in (resources.xslt(""), resources.schema("")) for p in folder.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts)


def watch(files: Callable[[], list[Path]], rebuild: Callable[[], None], state: State, stop: threading.Event) -> None:
    """Rebuild after the watched files change, once they have stopped changing (an editor writes in steps)."""
    known = snapshot(files)
    while not stop.wait(POLL_SECONDS):
        now = snapshot(files)
        if now == known:
            continue
        while not stop.wait(POLL_SECONDS):
            settled = snapshot(files)
            if settled == now:
                break
            now = settled
        known = now
        rebuild()
        state.built()


class Server:
    """The web server on a loopback address, and with `watch` the watcher, in threads; `close()` stops both."""

    def __init__(self, out: Path, *, port: int = 8000, host: str = "127.0.0.1", watched: Callable[[], list[Path]] | None = None,
                 rebuild: Callable[[], None] | None = None, log: Callable[[str], None] | None = None):
        self.state = State(watching=watched is not None)
        self.httpd = http.server.ThreadingHTTPServer((host, port), handler_for(out, self.state, log))
        self.httpd.daemon_threads = True
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.httpd.serve_forever, daemon=True)]
        if watched is not None and rebuild is not None:
            self.threads.append(threading.Thread(target=watch, args=(watched, rebuild, self.state, self.stop), daemon=True))

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/html/index.html"

    def start(self) -> "Server":
        for thread in self.threads:
            thread.start()
        return self

    def wait(self) -> None:
        """Until interrupted (Ctrl-C, or SIGTERM turned into KeyboardInterrupt by the command)."""
        try:
            while not self.stop.is_set():
                time.sleep(0.5)
        finally:
            self.close()

    def close(self) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()
